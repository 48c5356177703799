using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Faults;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Tests;

public sealed class FaultScheduleFileSpec
{
    private static readonly Scenario P1 = ScenarioLoader.LoadFile(Path.Combine(ScenarioFilesSpec.RepoRoot, "scenarios", "replace-failed-member.yaml"));

    private const string Valid = """
        scenario: replace-failed-member
        faults:
          - crash: m1
            after: 8
            offset: 500ms
            for: 2s
          - partition: leader
            shape: minority
            before: 10
            for: 3s
          - delay: a-follower#2
            latency: 200ms
            after: 3
            for: 5s
          - loss: next-command-host
            rate: 30%
            after: 3
          - disk-loss: newest-member
            after: 10
        """;

    [Fact]
    public void Parse_should_read_every_part_of_a_fault()
    {
        var schedule = FaultScheduleFile.Parse(Valid, "s.yaml", P1);
        Assert.Equal(5, schedule.Faults.Count);
        Assert.Equal(new Fault(FaultKind.Crash, FaultTarget.Named("m1"), new FaultPlacement(true, 8, TimeSpan.FromMilliseconds(500)), TimeSpan.FromSeconds(2)), schedule.Faults[0]);
        Assert.Equal(PartitionShape.Minority, schedule.Faults[1].Shape);
        Assert.Equal(new FaultTarget(FaultTargetKind.Follower, Choice: 2), schedule.Faults[2].Target);
        Assert.Equal(0.3, schedule.Faults[3].LossRate);
        Assert.Null(schedule.Faults[4].For);
        Assert.Equal("kill m1 500ms after step 8 ends, restart it 2s later", schedule.Faults[0].Describe());
    }

    [Fact]
    public void Write_then_parse_should_give_the_same_schedule()
    {
        var schedule = FaultScheduleFile.Parse(Valid, "s.yaml", P1);
        var text = FaultScheduleFile.Write(schedule);
        Assert.StartsWith("# 1. kill m1 500ms after step 8 ends", text);
        Assert.Equal(schedule, FaultScheduleFile.Parse(text, "again.yaml", P1));
        Assert.Equal(FaultSchedule.None(P1.Name), FaultScheduleFile.Parse(FaultScheduleFile.Write(FaultSchedule.None(P1.Name)), "none.yaml", P1));
    }

    [Theory]
    [InlineData("  - crash: m1\n    after: 8\n", "  - crash: m9\n    after: 8\n", 3, 12, "unknown fault target 'm9'")]
    [InlineData("  - crash: m1\n    after: 8\n", "  - crash: m1\n    after: 99\n", 4, 12, "no step '99' in replace-failed-member")]
    [InlineData("  - crash: m1\n    after: 8\n", "  - crash: m1\n", 3, 5, "exactly one of before: <step> or after: <step>")]
    [InlineData("  - crash: m1\n    after: 8\n", "  - crash: m1\n    pause: m2\n    after: 8\n", 3, 5, "one fault does one thing, found crash and pause")]
    [InlineData("  - crash: m1\n    after: 8\n", "  - melt: m1\n    after: 8\n", 3, 5, "a fault starts with what it does")]
    [InlineData("  - crash: m1\n    after: 8\n", "  - loss: m1\n    rate: 130%\n    after: 8\n", 4, 11, "rate must be a percentage above 0 and at most 100")]
    [InlineData("  - crash: m1\n    after: 8\n", "  - crash: m1\n    after: 8\n    latency: 1s\n", 5, 5, "a crash fault takes before: or after:, offset:, for:; not 'latency:'")]
    [InlineData("scenario: replace-failed-member", "scenario: scale-up", 1, 11, "the schedule is for scenario 'scale-up', not 'replace-failed-member'")]
    public void Mistakes_should_be_reported_at_their_line_and_column(string valid, string wrong, int line, int column, string problem)
    {
        var text = "scenario: replace-failed-member\nfaults:\n  - crash: m1\n    after: 8\n".Replace(valid, wrong);
        var e = Assert.Throws<ScenarioException>(() => FaultScheduleFile.Parse(text, "s.yaml", P1));
        Assert.Contains(problem, e.Problem);
        Assert.Equal((line, column), (e.Line, e.Column));
    }
}

public sealed class HostPathsSpec
{
    [Theory]
    [InlineData("/var/lib/etcd/", "/var/lib/etcd")]
    [InlineData("/var/lib/etcd/*", "/var/lib/etcd")]
    [InlineData("m1.etcd", "/var/lib/m1.etcd")]
    [InlineData("/var/lib/x/../etcd", "/var/lib/etcd")]
    public void Normalize_should_give_the_absolute_path_etcd_means(string path, string normalized) =>
        Assert.Equal(normalized, Targets.HostPaths.Normalize(path));

    [Theory]
    [InlineData("/var/lib/etcd/member", "/var/lib/etcd", true)]
    [InlineData("/var/lib", "/var/lib/etcd", true)]
    [InlineData("/var/lib/etcd2", "/var/lib/etcd", false)]
    [InlineData("/var/lib/etcd-backup", "/var/lib/etcd", false)]
    public void Overlap_should_hold_when_one_path_holds_the_other(string a, string b, bool overlap) =>
        Assert.Equal(overlap, Targets.HostPaths.Overlap(a, b));
}
