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

    /// <summary>P1 with one crash that is never undone until the procedure ends: right after `member add m4` the
    /// member that received it (m1) dies while m4 has not started (beyond tolerance); right after m4 starts, m2
    /// dies while m1 and m4 run (within tolerance). Either way `expect-cluster` waits for the dead member in vain.</summary>
    [Theory]
    [InlineData("m1", 8, "beyond", "Beyond tolerance (1):", "FAILED (beyond tolerance)")]
    [InlineData("m2", 9, "within", "The runbook breaks within the failures it should tolerate (1):", "FAILED (runbook breaks within the failures it should tolerate)")]
    public async Task A_run_under_faults_should_report_an_incomplete_procedure_as_a_classified_liveness_failure(
        string host, int after, string tolerance, string heading, string verdict)
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.Reports);
        var faults = Path.Combine(cli.Reports, "faults.yaml");
        await File.WriteAllTextAsync(faults, $"scenario: replace-failed-member\nfaults:\n  - crash: {host}\n    after: {after}\n");
        var (exit, output) = await cli.RunAsync("run", CliHarness.Scenario("scenarios/replace-failed-member.yaml"), "--faults", faults,
            "--reports", cli.Reports, "--store", "none");

        Assert.True(exit == 1, output);
        Assert.Contains(heading, output);
        Assert.Contains("procedure-completes step 10: The procedure did not complete: step 10 (`expect-cluster", output);
        Assert.Contains(verdict, output);
        var folder = Assert.Single(cli.RunFolders());
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "summary.json")));
        var verdictJson = summary.RootElement.GetProperty("faults");
        Assert.Equal(tolerance, verdictJson.GetProperty("outcome").GetString());
        var failure = Assert.Single(verdictJson.GetProperty("failures").EnumerateArray());
        Assert.Equal(("procedure-completes", 10, tolerance), (failure.GetProperty("failure").GetString(), failure.GetProperty("step").GetInt32(), failure.GetProperty("tolerance").GetString()));

        var (checkExit, checkOutput) = await cli.RunAsync("check", folder);
        Assert.True(checkExit == 1, checkOutput);
        Assert.Contains(heading, checkOutput);
    }

    [Fact]
    public async Task A_run_without_faults_should_write_no_fault_verdict()
    {
        using var cli = new CliHarness();
        var (exit, output) = await cli.RunAsync("run", CliHarness.Scenario("scenarios/mutants/add-before-remove.yaml"), "--reports", cli.Reports, "--store", "none");
        Assert.True(exit == 1, output);
        var text = await File.ReadAllTextAsync(Path.Combine(Assert.Single(cli.RunFolders()), "summary.json"));
        Assert.DoesNotContain("\"faults\"", text);
        Assert.DoesNotContain("\"tolerance\"", text);
        Assert.DoesNotContain("Faults:", output);
    }
}
