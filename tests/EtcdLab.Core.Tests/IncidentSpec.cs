using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Events;
using EtcdLab.Core.Incidents;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Tests;

public class IncidentSpec
{
    private const string Valid = """
        incident: started-as-new
        source: https://github.com/etcd-io/etcd/issues/13462
        etcd: "3.4"
        summary: a new member started as new
        procedure: P1
        max-gap: 20s
        cluster:
          hosts:
            m1: {ip: 127.0.30.1, was: {name: etcd-0, address: 10.0.0.11, id: 8e9e05c52164694d}}
            m2: 127.0.30.2
            m3: 127.0.30.3
          spare-hosts:
            m4: {ip: 127.0.30.4, was: {name: etcd-3}}
        timeline:
          - at: 2021-10-29 08:00:00
            etcdctl: member add m4 --peer-urls=${m4.peer-url}
            on: m1
            capture:
              initial-cluster: 'ETCD_INITIAL_CLUSTER="([^"]*)"'
            recorded: Member 5a3e1c4b2f0d9e17 added to cluster 9a1f
          - at: 08:05:00
            start: m4
            flags: {initial-cluster: "${initial-cluster}", initial-cluster-state: new}
          - at: +2s
            log: 'rafthttp: request cluster ID mismatch (got 1b3c want 9a1f)'
            host: m1
          - at: +0s
            note: the operator copied etcd.conf from etcd-0
        symptoms:
          - log: request cluster ID mismatch (got * want *)
            on: m1
            after: 2
          - error: unhealthy cluster
        then:
          from-entry: 2
          runbook: P1 step 5
          steps:
            - start: m4
              flags: {initial-cluster: "${initial-cluster}", initial-cluster-state: existing}
        """;

    private static Incident Load(string text = Valid) => ScenarioLoader.ParseIncident(text, "started-as-new/incident.yaml", "started-as-new");

    [Fact]
    public void An_incident_keeps_its_hosts_names_its_entries_times_and_symptoms()
    {
        var incident = Load();

        Assert.Equal("started-as-new", incident.Name);
        Assert.Equal(TimeSpan.FromSeconds(20), incident.MaxGap);
        Assert.Equal(new HostWas("etcd-0", "10.0.0.11", "8e9e05c52164694d"), incident.Was["m1"]);
        Assert.False(incident.Was.ContainsKey("m2"));
        Assert.Equal([IncidentEntryKind.Action, IncidentEntryKind.Action, IncidentEntryKind.Log, IncidentEntryKind.Note], incident.Timeline.Select(e => e.Kind));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(302), TimeSpan.FromSeconds(302)], incident.Timeline.Select(e => e.Offset));
        Assert.Equal("Member 5a3e1c4b2f0d9e17 added to cluster 9a1f", incident.Timeline[0].Recorded);
        Assert.Equal("m1", incident.Timeline[2].Host);
        Assert.Equal(SymptomKind.Log, incident.Symptoms[0].Kind);
        Assert.Equal("m1", incident.Symptoms[0].Host);
        Assert.Equal(2, incident.Symptoms[0].AfterEntry);
        Assert.Null(incident.Symptoms[1].Host);
        Assert.Equal(1, incident.Symptoms[1].AfterEntry);
        Assert.Equal(2, incident.Then!.FromEntry);
    }

    [Fact]
    public void The_replay_waits_out_each_gap_up_to_max_gap_and_maps_steps_back_to_entries()
    {
        var replay = Load().ToScenario();
        var steps = replay.Scenario.Steps;

        // warm-up, add, wait 20 s (5 min recorded), start, wait 2 s (before the log entry); the note adds nothing.
        Assert.Equal(["wait 6s", "etcdctl member add", "wait 20s", "start m4", "wait 2s"],
            steps.Select(s => s is EtcdctlStep ? "etcdctl member add" : s is StartStep ? "start m4" : s.Describe()));
        Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => s.Index));
        Assert.Contains("waited 300s here; the replay waits 20s", steps[2].Note);
        Assert.Equal(1, replay.FirstStep[1]);
        Assert.Equal(3, replay.FirstStep[2]);
        Assert.Equal(5, replay.FirstStep[3]);
        Assert.Equal(6, replay.FirstStep[4]);
        Assert.Equal(0, replay.EntryOf(0));
        Assert.Equal(1, replay.EntryOf(2));
        Assert.Equal(2, replay.EntryOf(4));
        Assert.Null(replay.EntryOf(6));
        Assert.Equal((3, 4), replay.StepsOf(2));
    }

    [Fact]
    public void The_right_procedure_replaces_the_entries_from_its_own_on()
    {
        var incident = Load();
        var replay = incident.ToScenario(incident.Then);

        Assert.Equal(2, replay.Scenario.Steps.Count(s => s is not WaitStep) );
        Assert.Equal([1], replay.FirstStep.Keys);
        Assert.Equal(3, replay.ThenFrom);
        Assert.IsType<StartStep>(replay.Scenario.Steps[2]);
        Assert.Null(replay.EntryOf(3));
    }

    [Theory]
    [InlineData("  - at: +2s\n    log:", "  - log:", 0, "needs at:")]
    [InlineData("at: +2s", "at: soon", 0, "is no time")]
    [InlineData("at: +2s", "at: +soon", 0, "no duration after the entry before")]
    [InlineData("at: 08:05:00", "at: 07:05:00", 0, "earlier in the day")]
    [InlineData("at: 08:05:00", "at: 2021-10-28 08:05:00", 0, "earlier than entry 1")]
    [InlineData("    host: m1\n", "    host: m9\n", 0, "m9")]
    [InlineData("    after: 2", "    after: 9", 0, "after")]
    [InlineData("  - error: unhealthy cluster", "  - error: '*'", 0, "more than '*'")]
    [InlineData("  - error: unhealthy cluster", "  - warning: unhealthy cluster", 0, "warning")]
    [InlineData("  - error: unhealthy cluster\n", "  - on: m1\n", 0, "one of log:")]
    [InlineData("    note: the operator", "    memo: the operator", -1, "operator action")]
    [InlineData("incident: started-as-new", "incident: other", 0, "folder is 'started-as-new'")]
    [InlineData("from-entry: 2", "from-entry: 0", 0, "from-entry")]
    [InlineData("    recorded: Member", "    recorde: Member", 0, "recorde")]
    public void A_mistake_is_refused_at_its_line(string original, string broken, int fromOriginal, string expected)
    {
        Assert.Contains(original, Valid);
        var line = Valid[..Valid.IndexOf(original, StringComparison.Ordinal)].Count(c => c == '\n') + 1 + fromOriginal;

        var e = Assert.Throws<ScenarioException>(() => Load(Valid.Replace(original, broken)));

        Assert.Equal(line, e.Line);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Was_is_only_for_incidents()
    {
        const string scenario = "scenario: x\nprocedure: P1\ncluster:\n  hosts:\n    m1: {ip: 127.0.1.1, was: {name: a}}\nsteps:\n  - wait: 1s\n";

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(scenario, "x.yaml"));

        Assert.Contains("was", e.Message);
    }

    [Theory]
    [InlineData("request cluster ID mismatch (got * want *)", "rafthttp: request cluster ID mismatch (got 1b3c want 9a1f)", true)]
    [InlineData("tocommit(*) is out of range [lastIndex(*)]", "panic: tocommit(458) is out of range [lastIndex(3)]. Was the raft log corrupted?", true)]
    [InlineData("tocommit(*) is out of range [lastIndex(*)]", "tocommit(458) is out of range", false)]
    [InlineData("Unhealthy cluster", "etcdserver: unhealthy cluster", false)]
    [InlineData("a*b*c", "xxaxxcxxbxx", false)]
    [InlineData("a*b*c", "abc", true)]
    public void A_text_pattern_finds_its_parts_in_order(string pattern, string line, bool matches) =>
        Assert.Equal(matches, TextPattern.Parse(pattern).Matches(line));

    [Fact]
    public void A_symptom_is_found_in_the_events_at_or_after_its_entry_and_on_its_host()
    {
        var replay = Load().ToScenario();
        RunEvent[] events =
        [
            new MemberLogged("m1", MemberLogKind.ClusterIdMismatch, "rafthttp: request cluster ID mismatch (got 1 want 2)") { Step = 2 },
            new CommandAnswered("m1", 1, "", "Error: etcdserver: unhealthy cluster\n") { Step = 2 },
            new MemberLogged("m4", MemberLogKind.ClusterIdMismatch, "rafthttp: request cluster ID mismatch (got 3 want 4)") { Step = 4 },
            new MemberLogged("m1", MemberLogKind.ClusterIdMismatch, "rafthttp: request cluster ID mismatch (got 5 want 6)") { Step = 5 },
        ];

        var seen = ReplayAnalysis.Symptoms(replay, events);

        // Entry 2 starts at step 3: the line at step 2 is too early, m4's is on the wrong host.
        Assert.True(seen[0].Seen);
        Assert.Equal(3, seen[0].Entry);
        Assert.Contains("got 5 want 6", seen[0].Line);
        Assert.True(seen[1].Seen);
        Assert.Equal(1, seen[1].Entry);
        Assert.Equal("Error: etcdserver: unhealthy cluster", seen[1].Line);
        Assert.False(ReplayAnalysis.Symptoms(replay, events[..3])[0].Seen);
    }

    [Fact]
    public void Under_the_right_procedure_only_processes_it_started_count()
    {
        var incident = Load();
        var replay = incident.ToScenario(incident.Then);
        RunEvent[] events =
        [
            new ProcessStarted("m1", "127.0.30.1", []) { Step = 0 },
            new MemberLogged("m1", MemberLogKind.ClusterIdMismatch, "request cluster ID mismatch (got 1 want 2)") { Step = 3 },
            new ProcessStarted("m4", "127.0.30.4", []) { Step = 3 },
            new MemberLogged("m4", MemberLogKind.ClusterIdMismatch, "request cluster ID mismatch (got 3 want 4)") { Step = 3 },
        ];

        // m1 ran since the bootstrap: what it says is the incident's doing. m4 was started by the procedure.
        Assert.False(ReplayAnalysis.Symptoms(replay, events[..2])[0].Seen);
        var onAny = incident with { Symptoms = [incident.Symptoms[0] with { Host = null }] };
        var seen = ReplayAnalysis.Symptoms(onAny.ToScenario(onAny.Then), events)[0];
        Assert.True(seen.Seen);
        Assert.Equal("m4", seen.Host);
    }

    [Fact]
    public void Each_entry_shows_its_step_result_or_what_members_logged_meanwhile()
    {
        var replay = Load().ToScenario();
        RunEvent[] events =
        [
            new CommandAnswered("m1", 0, "Member 1 added to cluster 2\n", "") { Step = 2 },
            new StepFinished(2, true, 1, null) { Step = 2 },
            new StepFinished(4, false, 1, "m4 exited") { Step = 4 },
            new MemberLogged("m1", MemberLogKind.ClusterIdMismatch, "request cluster ID mismatch") { Step = 5 },
        ];

        var shown = ReplayAnalysis.Entries(replay, events);

        Assert.Equal("ok; Member 1 added to cluster 2", shown[0].Shown);
        Assert.Equal("failed: m4 exited", shown[1].Shown);
        Assert.Equal("m1: request cluster ID mismatch", shown[2].Shown);
        Assert.Equal("nothing logged", shown[3].Shown);
    }
}
