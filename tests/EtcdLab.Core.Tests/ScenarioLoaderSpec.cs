using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Tests;

public class ScenarioLoaderSpec
{
    private const string Valid = """
        scenario: replace-failed-member
        procedure: P1
        runbook: "000, 001"
        cluster:
          token: t1
          hosts:
            m1: 127.0.1.1
            m2: 127.0.1.2
            m3: 127.0.1.3
          spare-hosts:
            m4: 127.0.1.4
        promises:
          invariants: [quorum-kept, final-membership]
          final-members: [m1, m2, m4]
          online: {from: first, to: last}
        steps:
          - kill: m3
            id: first
          - etcdctl: member list
            on: m1
            capture:
              failed-id: '^(\w+), started, m3,'
          - etcdctl: member remove ${failed-id}
            on: m1
          - etcdctl: member add m4 --peer-urls=${m4.peer-url}
            on: m1
            retry: 10s
            capture:
              initial-cluster: 'ETCD_INITIAL_CLUSTER="([^"]*)"'
          - start: m4
            flags:
              initial-cluster: ${initial-cluster}
              initial-cluster-state: existing
          - expect-cluster: {healthy: [m1, m2, m4], members: 3}
            within: 10s
            id: last
        """;

    [Fact]
    public void Parse_should_read_hosts_steps_and_promises()
    {
        var s = ScenarioLoader.Parse(Valid, "p1.yaml");
        Assert.Equal("replace-failed-member", s.Name);
        Assert.Equal(["m1", "m2", "m3", "m4"], s.Cluster.Hosts.Select(h => h.Name));
        Assert.False(s.Cluster.Find("m4")!.InitialMember);
        Assert.Equal(6, s.Steps.Count);
        Assert.Equal(new Events.StepWindow(1, 6), s.Promises.OnlineWindows.Single());
        var add = Assert.IsType<EtcdctlStep>(s.Steps[3]);
        Assert.Equal(TimeSpan.FromSeconds(10), add.RetryFor);
        Assert.Equal("initial-cluster", add.Captures.Single().Name);
        Assert.Equal(25, add.Line);
        var start = Assert.IsType<StartStep>(s.Steps[4]);
        Assert.Equal("existing", start.Flags.Single(f => f.Key == "initial-cluster-state").Value);
    }

    [Fact]
    public void Parse_should_move_addresses_to_the_run_slot()
    {
        var s = ScenarioLoader.Parse(Valid, "p1.yaml", loopbackSlot: 7);
        Assert.Equal("127.7.1.4", s.Cluster.Find("m4")!.Ip);
    }

    [Theory]
    [InlineData("m1: 127.0.1.1", "m1: 192.0.2.1", 7, 9, "must be a loopback address 127.x.y.z")]
    [InlineData("  - kill: m3", "  - kill: m9", 17, 11, "unknown host 'm9'; the scenario declares m1, m2, m3, m4")]
    [InlineData("member remove ${failed-id}", "member remove ${failedid}", 23, 14, "unknown variable ${failedid}")]
    [InlineData("    retry: 10s", "    retry: ten", 27, 12, "retry must be a duration")]
    [InlineData("    on: m1\n    retry", "    onn: m1\n    retry", 26, 5, "'etcdctl' steps take on:, expect:, capture:, retry:")]
    [InlineData("member list", "member lisst", 19, 14, "unsupported etcdctl command")]
    [InlineData("initial-cluster-state: existing", "initial-cluster-stat: existing", 33, 7, "unknown etcd flag 'initial-cluster-stat'")]
    [InlineData("  - kill: m3\n    id: first", "  - kill: m3\n    stop: m2\n    id: first", 17, 5, "one step does one thing, found kill and stop")]
    public void Parse_should_report_mistakes_with_line_column_and_what_was_expected(string original, string broken, int line, int column, string message)
    {
        Assert.Contains(original, Valid);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Valid.Replace(original, broken), "p1.yaml"));
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"p1.yaml:{line}:{column}: ", e.Message);
        Assert.True(e.IsInputError);
    }

    [Fact]
    public void Parse_should_report_invalid_yaml_with_its_position()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("scenario: x\ncluster: [a\n", "bad.yaml"));
        Assert.Equal("bad.yaml", e.File);
        Assert.Contains("not valid YAML", e.Message);
    }

    [Fact]
    public void Parse_should_refuse_paths_outside_var_lib()
    {
        var text = Valid.Replace("  - kill: m3\n", "  - kill: m3\n  - etcdctl: snapshot save /tmp/backup.db\n    on: m1\n");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(text, "p.yaml"));
        Assert.Contains("must be a path under /var/lib/", e.Message);
        Assert.Equal(18, e.Line);
    }

    [Fact]
    public void Parse_should_refuse_a_step_window_that_names_no_step()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Valid.Replace("to: last", "to: nowhere"), "p.yaml"));
        Assert.Contains("no step has id 'nowhere'", e.Message);
    }
}
