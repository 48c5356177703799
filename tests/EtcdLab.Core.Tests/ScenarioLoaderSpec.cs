using EtcdLab.Core.Targets;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Addresses;
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
    public void Parse_should_keep_addresses_as_written_for_the_target_to_place()
    {
        var s = ScenarioLoader.Parse(Valid, "p1.yaml");
        Assert.Equal("127.0.1.4", s.Cluster.Find("m4")!.Ip);
        Assert.Equal("127.7.1.4", new AddressMap(7).Map(s.Cluster.Find("m4")!.Ip));
    }

    [Theory]
    [InlineData("m1: 127.0.1.1", "m1: 192.0.2.1", 7, 9, "the address of m1: 192.0.2.1 is outside 127.0.0.0/8")]
    [InlineData("  - kill: m3", "  - kill: m9", 17, 11, "unknown host 'm9'; the scenario declares m1, m2, m3, m4")]
    [InlineData("member remove ${failed-id}", "member remove ${failedid}", 23, 28, "unknown variable ${failedid}")]
    [InlineData("member add m4 --peer-urls=${m4.peer-url}", "member add m4 --peer-urls=${m4.peer-url", 25, 40, "a '${' without its closing '}': '${m4.peer-url'")]
    [InlineData("initial-cluster: ${initial-cluster}", "initial-cluster: m1=${m1.peer-url},m4=${m4.peer-url", 32, 45, "a '${' without its closing '}'")]
    [InlineData("    retry: 10s", "    retry: 1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890s", 27, 12, "found '12345678901234567890123456789012345678901234567890123456789012345678901234567...' (101 characters)")]
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

    [Theory]
    // Addresses, wherever a value can name one, at the column of the address itself.
    [InlineData("member add m4 --peer-urls=${m4.peer-url}", "member add m4 --peer-urls=http://192.0.2.4:2380", 25, 47, "etcdctl command: 192.0.2.4 is outside 127.0.0.0/8")]
    [InlineData("member list", "endpoint health --endpoints=127.0.1.1:2379,etcd.example:2379", 19, 57, "EtcdLab resolves no names; use the host's 127.x.y.z address or ${m1.ip}")]
    [InlineData("member list", "member list --endpoints=http://127.0.1.1:2379,http://127.1.1.2:2379", 19, 67, "scenario files use 127.0.x.y")]
    [InlineData("initial-cluster: ${initial-cluster}", "initial-cluster: m4=http://0.0.0.0:2380", 32, 34, "flag initial-cluster: 0.0.0.0 is a wildcard: a wildcard listen address would take the port on every address of the machine")]
    [InlineData("  token: t1\n", "  token: t1\n  flags: {listen-client-urls: http://0.0.0.0:2379}\n", 6, 38, "flag listen-client-urls: 0.0.0.0 is a wildcard")]
    [InlineData("    on: m1\n    capture:\n      failed-id", "    on: m1\n    expect: {output: \"http://203.0.113.5:2380\"}\n    capture:\n      failed-id", 21, 30, "expected output: 203.0.113.5 is outside")]
    [InlineData("    on: m1\n    capture:\n      failed-id", "    on: m1\n    expect:\n      error: \"dial tcp [2001:db8::9]:2379\"\n    capture:\n      failed-id", 22, 24, "expected error: [2001:db8::9] is an IPv6 address other than [::1]")]
    [InlineData("m1: 127.0.1.1", "m1: 127.3.1.1", 7, 9, "scenario files use 127.0.x.y; each Docker run moves those into a free slot 127.S.x.y")]
    [InlineData("m1: 127.0.1.1", "m1: 127.0.0.1", 7, 9, "127.0.0.x is localhost's range")]
    [InlineData("m1: 127.0.1.1", "m1: 127.0.1.01", 7, 9, "write 127.0.1.1 instead of 127.0.1.01")]
    [InlineData("  - kill: m3\n    id: first", "  - change-ip: m3\n    to: 127.0.0.9\n    id: first", 18, 9, "change-ip to: 127.0.0.9: 127.0.0.x is localhost's range")]
    // What the language does not say.
    [InlineData("procedure: P1\n", "", 1, 1, "missing 'procedure:'")]
    [InlineData("    id: first\n", "    id: first\n  - heal: some\n", 19, 11, "heal takes 'all'")]
    [InlineData("    id: first\n", "    id: first\n  - partition: [[m1, m2], [m2, m3]]\n", 19, 28, "m2 is in partition groups 1 and 2")]
    [InlineData("    id: first\n", "    id: first\n  - partition: [[m1, m1], [m3]]\n", 19, 22, "m1 appears twice in partition group 1")]
    [InlineData("    id: first\n", "    id: first\n  - writer: stop\n", 19, 13, "no writer 'app' runs here (no earlier step starts one; without name: a writer is called app)")]
    [InlineData("    id: first\n", "    id: first\n  - writer: start\n    hosts: [m1]\n  - writer: stop\n    name: api\n", 22, 11, "no writer 'api' runs here; running: app")]
    [InlineData("    id: first\n", "    id: first\n  - writer: start\n    hosts: [m1]\n  - writer: start\n    hosts: [m2]\n", 21, 13, "writer 'app' already runs (started at step 2)")]
    // Values with bounds.
    [InlineData("    within: 10s", "    within: 999999999999999999999s", 35, 13, "within must be a duration such as 500ms, 5s, 1m or 1h")]
    [InlineData("    within: 10s", "    within: 25h", 35, 13, "within must be at most 24h")]
    [InlineData("    retry: 10s", "    retry: 1441m", 27, 12, "retry must be at most 24h")]
    [InlineData("members: 3}", "members: 99999999999999}", 34, 54, "members must be a whole number from 0 to 999")]
    [InlineData("member list", "member list --dial-timeout=99999999999999999999s", 19, 14, "--dial-timeout must be a duration")]
    // YAML the language has no use for.
    [InlineData("scenario: replace-failed-member", "scenario: !custom replace-failed-member", 1, 11, "YAML tags such as '!custom' are not part of the scenario language")]
    [InlineData("    m3: 127.0.1.3", "    m3: !!str 127.0.1.3", 9, 9, "YAML tags")]
    [InlineData("    m1: 127.0.1.1", "    m1: &a 127.0.1.1", 7, 9, "anchors (&name) and aliases (*name) are not part of the scenario language")]
    [InlineData("    m4: 127.0.1.4", "    m4: *a", 11, 9, "anchors (&name) and aliases (*name)")]
    [InlineData("runbook: \"000, 001\"", "? [runbook]\n: x", 3, 3, "a key must be a plain word, not a list or a mapping")]
    [InlineData("final-members: [m1, m2, m4]", "final-members: [m1, m2, m4", 14, 18, "this '[' is never closed; add the ']' after its last item")]
    [InlineData("online: {from: first, to: last}", "online: {from: first, to: last", 15, 11, "this '{' is never closed")]
    public void Parse_should_refuse_what_the_language_rules_out_at_line_and_column(string original, string broken, int line, int column, string message)
    {
        Assert.Contains(original, Valid);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Valid.Replace(original, broken), "p1.yaml"));
        Assert.Contains(message, e.Problem);
        Assert.Equal((line, column), (e.Line, e.Column));
    }

    [Fact]
    public void Parse_should_refuse_nesting_deeper_than_the_limit_without_recursing()
    {
        var deep = "scenario: x\nsteps: " + new string('[', 50_000) + new string(']', 50_000) + "\n";
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(deep, "deep.yaml"));
        Assert.Contains("nested more than 64 levels deep", e.Problem);
        // The top mapping is level 1; the 64th '[' would be level 65.
        Assert.Equal((2, 8 + 63), (e.Line, e.Column));
    }

    [Fact]
    public void Parse_should_refuse_an_alias_bomb_at_its_first_anchor()
    {
        var bomb = new System.Text.StringBuilder("a0: &a0 [x, x]\n");
        for (var i = 1; i <= 10; i++) bomb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n");
        bomb.Append("? *a10\n: boom\n");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(bomb.ToString(), "bomb.yaml"));
        Assert.Contains("anchors (&name) and aliases (*name)", e.Problem);
        Assert.Equal((1, 5), (e.Line, e.Column));
    }

    [Fact]
    public void Parse_should_point_at_the_scalar_when_the_address_column_is_not_known()
    {
        var folded = Valid.Replace("  - etcdctl: member list\n", "  - etcdctl: >-\n      member list\n      --endpoints=http://192.0.2.8:2379\n");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(folded, "p1.yaml"));
        Assert.Contains("192.0.2.8 is outside", e.Problem);
        Assert.Equal((19, 14), (e.Line, e.Column));
    }

    [Fact]
    public void A_slot_should_move_scenario_hosts_but_leave_localhost_urls()
    {
        var text = Valid.Replace("  token: t1\n", "  token: t1\n  flags: {initial-advertise-peer-urls: 'http://127.0.0.1:2380'}\n");
        var s = ScenarioLoader.Parse(text, "p1.yaml");
        var map = new AddressMap(7);
        Assert.Equal("http://127.0.0.1:2380", map.MapText(s.Cluster.Flags.Get("initial-advertise-peer-urls")!));
        Assert.Equal("127.7.1.1", map.Map(s.Cluster.Find("m1")!.Ip));
        Assert.Equal("http://127.7.1.2:2380,http://127.0.0.1:2380", map.MapText("http://127.0.1.2:2380,http://127.0.0.1:2380"));
    }

    [Fact]
    public void Parse_should_accept_a_writer_started_again_after_it_stopped_and_stop_by_name()
    {
        var text = Valid.Replace("  - kill: m3\n", "  - writer: start\n    hosts: [m1]\n  - writer: start\n    name: api\n    hosts: [m2]\n"
                                                   + "  - writer: stop\n  - writer: start\n    hosts: [m1]\n  - writer: stop\n    name: api\n  - kill: m3\n");
        var s = ScenarioLoader.Parse(text, "p1.yaml");
        Assert.Equal(["app", "api", "app", "app", "api"], s.Steps.Take(5).Select(step => step switch
        {
            WriterStartStep start => start.Name,
            WriterStopStep stop => stop.Name,
            _ => "?",
        }));
    }

    [Fact]
    public void LoadFile_should_refuse_a_scenario_named_otherwise_than_its_file()
    {
        var dir = Directory.CreateTempSubdirectory("etcdlab-loader-");
        try
        {
            var file = Path.Combine(dir.FullName, "other-name.yaml");
            File.WriteAllText(file, Valid);
            var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile(file));
            Assert.Equal((1, 11), (e.Line, e.Column));
            Assert.Contains("the scenario is named 'replace-failed-member' but its file is 'other-name'", e.Problem);

            var renamed = Path.Combine(dir.FullName, "replace-failed-member.yaml");
            File.Move(file, renamed);
            Assert.Equal("replace-failed-member", ScenarioLoader.LoadFile(renamed).Name);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
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
