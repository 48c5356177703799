using EtcdLab.Cli.Running;
using Spectre.Console;

namespace EtcdLab.Cli.Tests;

/// <summary>Runs <c>etcdlab</c> in-process with its console captured and reports in a temporary folder.</summary>
internal sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        Reports = Path.Combine(Path.GetTempPath(), "etcdlab-cli-tests-" + Guid.NewGuid().ToString("N")[..8]);
    }

    public string Reports { get; }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EtcdLab.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("EtcdLab.sln not found above the test binaries");
        }
    }

    public static string Scenario(string relative) => Path.Combine(RepoRoot, relative);

    /// <summary>Runs etcdlab with stdout and stderr captured apart, as a pipe would see them (not a terminal: no wrapping).</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAsync(new TargetFactory(), args);

    /// <summary>Runs etcdlab with <paramref name="targets"/> making its targets.</summary>
    public async Task<CliResult> RunAsync(ITargetFactory targets, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await Program.RunAsync(args, Capture(output), Capture(errors), targets);
        return new CliResult(exit, output.ToString(), errors.ToString());
    }

    private static IAnsiConsole Capture(StringWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Program.NoWrapWidth;
        return console;
    }

    public IReadOnlyList<string> RunFolders() =>
        Directory.Exists(Path.Combine(Reports, "runs")) ? Directory.GetDirectories(Path.Combine(Reports, "runs")) : [];

    public void Dispose()
    {
        if (Directory.Exists(Reports)) Directory.Delete(Reports, recursive: true);
    }
}
