using System.Text.RegularExpressions;

namespace EtcdLab.Cli.Tests;

/// <summary><c>etcdlab replay import</c>: drafts to stdout or, atomically, to --out; bad input exits 2 naming the file.</summary>
public sealed partial class ReplayImportSpec : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("etcdlab-import-").FullName;

    [GeneratedRegex(@"^\s+at \S", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    private static string Incident(string name) => Path.Combine(CliHarness.RepoRoot, "incidents", name);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static async Task<CliResult> Import(params string[] args)
    {
        using var cli = new CliHarness();
        return await cli.RunAsync(["replay", "import", .. args]);
    }

    [Fact]
    public async Task Import_should_print_the_draft_and_warn_per_file_with_unrecognised_lines()
    {
        var result = await Import(Incident("bitnami-removed-member-restarts"));
        Assert.Equal(0, result.Exit);
        Assert.Contains("incident: bitnami-removed-member-restarts\n", result.Output);
        Assert.Contains("warning: raw/etcd-pod.log: 6 unrecognised line(s) kept as comments", result.Errors);
        Assert.DoesNotContain("warning", result.Output);
    }

    [Fact]
    public async Task Import_with_out_should_write_the_file_and_refuse_to_overwrite_it_without_force()
    {
        var file = Path.Combine(dir, "incident.yaml");
        Assert.Equal(0, (await Import(Incident("kubespray-new-ips-old-peers"), "--out", file)).Exit);
        var written = File.ReadAllText(file);
        Assert.Contains("incident: kubespray-new-ips-old-peers", written);

        var again = await Import(Incident("bitnami-removed-member-restarts"), "--out", file);
        Assert.Equal(2, again.Exit);
        Assert.Contains($"--out {file}: the file exists; pass --force", again.Errors);
        Assert.Equal(written, File.ReadAllText(file));

        Assert.Equal(0, (await Import(Incident("bitnami-removed-member-restarts"), "--out", file, "--force", "--name", "renamed")).Exit);
        Assert.Contains("incident: renamed", File.ReadAllText(file));
        Assert.Equal(["incident.yaml"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Import_of_a_missing_file_should_exit_2_naming_it()
    {
        var missing = Path.Combine(dir, "nope.log");
        var result = await Import(missing);
        AssertRefused(result);
        Assert.Contains($"{missing}: no such file or folder", result.Errors);
    }

    [Fact]
    public async Task Import_of_a_binary_file_should_exit_2_naming_file_and_line_and_write_nothing()
    {
        var binary = Path.Combine(dir, "db");
        File.WriteAllBytes(binary, [.. "line one\nline two\n"u8, 0x00, 0xFF, 0x13]);
        var file = Path.Combine(dir, "incident.yaml");
        var result = await Import(binary, "--out", file);
        AssertRefused(result);
        Assert.Contains($"{binary}:3: a binary file", result.Errors);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Import_of_empty_input_should_exit_2()
    {
        var empty = Path.Combine(dir, "empty.log");
        File.WriteAllText(empty, "");
        AssertRefused(await Import(empty));
        var folder = Directory.CreateDirectory(Path.Combine(dir, "raw")).FullName;
        var result = await Import(folder);
        AssertRefused(result);
        Assert.Contains("no files to import", result.Errors);
    }

    private static void AssertRefused(CliResult result)
    {
        Assert.True(result.Exit == 2, $"exit {result.Exit}\n{result.All}");
        Assert.Equal("", result.Output);
        Assert.StartsWith("error: ", result.Errors);
        Assert.DoesNotMatch(StackFrame(), result.All);
    }
}
