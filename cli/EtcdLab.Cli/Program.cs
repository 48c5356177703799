using System.CommandLine;
using EtcdLab.Cli.Commands;
using EtcdLab.Cli.Output;
using EtcdLab.Cli.Running;
using EtcdLab.Core.Exceptions;
using Spectre.Console;

namespace EtcdLab.Cli;

/// <summary>The <c>etcdlab</c> command line.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns the exit code.</summary>
    public static Task<int> Main(string[] args) => RunAsync(args, AnsiConsole.Console, new TargetFactory());

    /// <summary>Runs <paramref name="args"/> against <paramref name="console"/>: 0 passed, 1 failed, 2 bad input.</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, ITargetFactory targets)
    {
        var root = new RootCommand("EtcdLab: run etcd runbooks as scenarios on simulated hosts or real etcd in Docker, and check their invariants")
        {
            RunCommand.Create(console, targets),
            ListCommand.Create(console),
            CheckCommand.Create(console),
            BenchCommand.Create(console, targets),
            ConformCommand.Create(console, targets),
            CleanCommand.Create(console),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) console.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            console.MarkupLine("Run [bold]etcdlab --help[/] or [bold]etcdlab <command> --help[/] for usage.");
            return ExitCodes.BadInput;
        }

        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            // EtcdLab reports its own errors: a user never sees a stack trace for bad input.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, interrupt.Token);
        }
        catch (EtcdLabException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Describe())}");
            return e.IsInputError ? ExitCodes.BadInput : ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]interrupted: the run was stopped and cleaned up[/]");
            return ExitCodes.Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
