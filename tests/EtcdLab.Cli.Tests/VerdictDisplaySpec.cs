using System.Text.Json;

namespace EtcdLab.Cli.Tests;

public sealed class VerdictDisplaySpec
{
    [Fact]
    public async Task An_offline_procedure_should_show_quorum_kept_as_not_applicable_in_run_summary_and_check()
    {
        using var cli = new CliHarness();
        var (exit, output) = await cli.RunAsync("run", CliHarness.Scenario("scenarios/ip-change-offline.yaml"), "--reports", cli.Reports, "--store", "none");
        Assert.True(exit == 0, output);
        Assert.Matches(@"quorum-kept\s+│ yes\s+│ not applicable │ the procedure is offline", output);

        var folder = Assert.Single(cli.RunFolders());
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "summary.json")));
        var quorum = summary.RootElement.GetProperty("invariants").EnumerateArray().Single(v => v.GetProperty("id").GetString() == "quorum-kept");
        Assert.Equal("not-applicable", quorum.GetProperty("status").GetString());
        Assert.StartsWith("the procedure is offline", quorum.GetProperty("notApplicableBecause").GetString());
        Assert.True(quorum.GetProperty("holds").GetBoolean(), "older readers of summary.json must not see a breach");
        Assert.True(summary.RootElement.GetProperty("passed").GetBoolean());

        var (checkExit, checkOutput) = await cli.RunAsync("check", folder);
        Assert.True(checkExit == 0, checkOutput);
        Assert.Matches(@"quorum-kept\s+│ yes\s+│ not applicable │ the procedure is offline", checkOutput);
    }
}
