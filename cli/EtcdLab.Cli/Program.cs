using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using EtcdLab.Cli.Commands;
using EtcdLab.Cli.Output;
using EtcdLab.Cli.Running;
using EtcdLab.Core.Exceptions;
using Spectre.Console;

namespace EtcdLab.Cli;

/// <summary>The <c>etcdlab</c> command line.</summary>
public static class Program
{
    /// <summary>Console width when the output is not a terminal: wide enough that no line wraps,
    /// so <c>file:line:column</c> and paths stay whole for whatever reads them.</summary>
    public const int NoWrapWidth = short.MaxValue;

    /// <summary>Runs the command line and returns the exit code.</summary>
    public static Task<int> Main(string[] args)
    {
        // A failure on another thread ends the process; it ends like any other internal error,
        // with one line and the stack trace in a file instead of on the console.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            var error = e.ExceptionObject as Exception ?? new InvalidOperationException(e.ExceptionObject?.ToString());
            Console.Error.WriteLine(InternalErrorLine(error));
            Console.Error.WriteLine(WhereTheTraceIs(WriteCrashReport(error, args)));
            Environment.Exit(ExitCodes.InternalError);
        };
        return RunAsync(args, CreateConsole(Console.Out, !Console.IsOutputRedirected), CreateConsole(Console.Error, !Console.IsErrorRedirected), new TargetFactory());
    }

    /// <summary>A console writing to <paramref name="writer"/>; when it is no terminal, lines do not wrap.</summary>
    public static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (!terminal) console.Profile.Width = NoWrapWidth;
        return console;
    }

    /// <summary>Runs <paramref name="args"/>: results go to <paramref name="console"/>, every error to
    /// <paramref name="errors"/>. Returns one of <see cref="ExitCodes"/>: 0 passed, 1 failed, 2 bad input,
    /// 3 internal error, 128 + n interrupted by signal n (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP). No stack
    /// trace ever reaches either console.</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, IAnsiConsole errors, ITargetFactory targets)
    {
        var root = new RootCommand("EtcdLab: run etcd runbooks as scenarios on simulated hosts or real etcd in Docker, and check their invariants. "
                                   + "Exit codes: 0 passed, 1 failed, 2 bad input, 3 internal error (a run ends aborted and keeps its folder), 130/143/129 interrupted by Ctrl-C/SIGTERM/SIGHUP.")
        {
            RunCommand.Create(console, targets),
            ListCommand.Create(console),
            CheckCommand.Create(console),
            RunsCommand.CreateRuns(console),
            RunsCommand.CreateShow(console),
            RunsCommand.CreateHistory(console),
            BenchCommand.Create(console, targets),
            StoreBenchCommand.Create(console),
            ConformCommand.Create(console, targets),
            CleanCommand.Create(console),
            FuzzCommand.Create(console, targets),
            ReplayCommand.Create(console, errors, targets),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) errors.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            errors.MarkupLine("Run [bold]etcdlab --help[/] or [bold]etcdlab <command> --help[/] for usage.");
            return ExitCodes.BadInput;
        }

        // Ctrl-C, SIGTERM (docker stop, systemd, a CI job's timeout) and SIGHUP (a closed terminal)
        // all stop the run the same way: it unwinds, removes its containers, disks, rules and
        // half-written folder, and the command exits 128 + the signal's number.
        using var interrupt = new CancellationTokenSource();
        PosixSignal? received = null;
        var signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                received ??= context.Signal;
                interrupt.Cancel();
            }))
            .ToArray();
        try
        {
            // EtcdLab reports its own errors: a user never sees a stack trace for bad input.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, interrupt.Token);
        }
        catch (EtcdLabException e)
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(e.Describe())}");
            return e.IsInputError ? ExitCodes.BadInput : ExitCodes.Failed;
        }
        catch (Exception) when (interrupt.IsCancellationRequested)
        {
            // Whatever the interrupted work threw on its way out (a cancelled call, a container removed
            // under it) is the interrupt's doing.
            errors.MarkupLine($"[yellow]interrupted by {received}: the run was stopped and cleaned up[/]");
            return ExitCodes.Interrupted(received ?? PosixSignal.SIGINT);
        }
        catch (Exception e)
        {
            // A bug, not the user's input: one line saying what, and the stack trace in a file to
            // attach to a report, never on the console.
            errors.MarkupLine($"[red]{Markup.Escape(InternalErrorLine(e))}[/]");
            errors.MarkupLine(Markup.Escape(WhereTheTraceIs(WriteCrashReport(e, args))));
            return ExitCodes.InternalError;
        }
        finally
        {
            foreach (var registration in signals) registration.Dispose();
        }
    }

    private static string InternalErrorLine(Exception e) =>
        $"internal error: {e.GetType().FullName}: {string.Join(' ', e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))}";

    private static string WhereTheTraceIs(string? file) =>
        file is not null
            ? $"This is a bug in EtcdLab; the stack trace is in {file} (attach it to the report)."
            : "This is a bug in EtcdLab; its stack trace could not be written to the temp folder.";

    /// <summary>Writes the exception with its stack trace to a new file in the temp folder; null when that fails.</summary>
    private static string? WriteCrashReport(Exception e, string[] args)
    {
        try
        {
            var time = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var file = Path.Combine(Path.GetTempPath(), $"etcdlab-crash-{time}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..4]}.txt");
            File.WriteAllText(file, $"etcdlab {string.Join(' ', args)}{Environment.NewLine}{DateTime.UtcNow:O}{Environment.NewLine}{Environment.NewLine}{e}{Environment.NewLine}");
            return file;
        }
        catch (Exception write) when (write is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
