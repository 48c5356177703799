using EtcdLab.Core.Events;
using EtcdLab.Core.Incidents;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;
using EtcdLab.Driver;
using EtcdLab.Sim;

namespace EtcdLab.Scenarios.Tests;

/// <summary>
/// Every incident of the corpus (incidents/*/incident.yaml) replays to its symptoms, and where it
/// states the right procedure, that procedure avoids them. The few that do not reproduce in the lab
/// are listed here with the reason their README gives, so a change that makes one reproduce (or
/// stop reproducing) shows.
/// </summary>
public abstract class IncidentReplaySpec
{
    protected abstract string Kind { get; }

    protected abstract Task<IClusterTarget> CreateTargetAsync();

    /// <summary>The longest wait a timeline gap becomes here (real etcd runs in real time).</summary>
    protected abstract TimeSpan MaxGap { get; }

    /// <summary>Incidents whose symptom the lab does not show on this target, with why (see their README.md).</summary>
    protected virtual IReadOnlyDictionary<string, string> NotReproduced { get; } = new Dictionary<string, string>();

    public static TheoryData<string> Incidents() => IncidentsWhere(_ => true);

    public static TheoryData<string> IncidentsWithTheRightProcedure() => IncidentsWhere(i => i.Then is not null);

    protected static TheoryData<string> IncidentsWhere(Func<Incident, bool> keep)
    {
        var data = new TheoryData<string>();
        var root = Path.Combine(ScenarioFiles.RepoRoot, "incidents");
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            if (File.Exists(Path.Combine(folder, ScenarioLoader.IncidentFileName)) && keep(ScenarioLoader.LoadIncident(folder)))
                data.Add(Path.GetFileName(folder));
        return data;
    }

    protected async Task<IReadOnlyList<SymptomSeen>> ReplayAsync(string name, bool right)
    {
        var incident = ScenarioLoader.LoadIncident(Path.Combine(ScenarioFiles.RepoRoot, "incidents", name));
        incident = incident with { MaxGap = incident.MaxGap < MaxGap ? incident.MaxGap : MaxGap };
        var replay = incident.ToScenario(right ? incident.Then : null);
        await using var target = await CreateTargetAsync();
        var result = await new ScenarioRunner(target, new RunRecorder(), RunOptions.For($"replay-{Guid.NewGuid():N}"[..20], 7) with { KeepGoing = true })
            .RunAsync(replay.Scenario, CancellationToken.None);
        Assert.DoesNotContain(result.Events, e => e is RunAborted);
        if (right && replay.ThenFrom is { } from)
        {
            var failed = result.Events.OfType<StepFinished>().Where(f => f.Index >= from && f.Index <= replay.Scenario.Steps.Count && !f.Passed).ToArray();
            Assert.True(failed.Length == 0, $"{name}: the right procedure's steps failed on {Kind}: {string.Join("; ", failed.Select(f => $"step {f.Index}: {f.Failure}"))}");
        }
        return ReplayAnalysis.Symptoms(replay, result.Events);
    }

    protected async Task ShouldShowItsSymptomsAsync(string name)
    {
        var seen = await ReplayAsync(name, right: false);

        var missing = seen.Where(s => !s.Seen).Select(s => s.Symptom.Describe()).ToArray();
        if (NotReproduced.TryGetValue(name, out var why))
            Assert.True(missing.Length > 0, $"{name} now reproduces on {Kind}, though it is listed as not reproducing ({why}): update the list and its README");
        else
            Assert.True(missing.Length == 0, $"{name} on {Kind}: missing {string.Join("; ", missing)}");
    }

    protected async Task RightProcedureShouldAvoidTheSymptomsAsync(string name)
    {
        var seen = await ReplayAsync(name, right: true);

        var appeared = seen.Where(s => s.Seen).Select(s => $"{s.Symptom.Describe()}: {s.Host}: {s.Line}").ToArray();
        Assert.True(appeared.Length == 0, $"{name} on {Kind}: the right procedure still shows {string.Join("; ", appeared)}");
    }
}

/// <summary>The corpus on the simulator.</summary>
public sealed class SimIncidentReplaySpec : IncidentReplaySpec
{
    protected override string Kind => "sim";

    protected override TimeSpan MaxGap => TimeSpan.FromHours(1);

    protected override IReadOnlyDictionary<string, string> NotReproduced { get; } = LabLimits;

    protected override Task<IClusterTarget> CreateTargetAsync() => Task.FromResult<IClusterTarget>(new SimulatedClusterTarget());

    [Theory]
    [MemberData(nameof(Incidents))]
    public Task Incident_should_show_its_symptoms(string name) => ShouldShowItsSymptomsAsync(name);

    [Theory]
    [MemberData(nameof(IncidentsWithTheRightProcedure))]
    public Task The_right_procedure_should_avoid_the_symptoms(string name) => RightProcedureShouldAvoidTheSymptomsAsync(name);

    /// <summary>Incidents whose symptom neither target shows, with the reason their README's "Replay" gives.</summary>
    internal static readonly IReadOnlyDictionary<string, string> LabLimits = new Dictionary<string, string>
    {
        ["force-new-cluster-backup-localhost"] = "the localhost peer URL comes from etcdctl backup (v2), which has no step",
        ["kubespray-new-ips-old-peers"] = "the prober's `health check for peer ... could not connect` is not a recorded log kind",
        ["single-member-snapshot-restore-live"] = "3.4 rejects the old members' traffic by cluster ID before raft; the 3.3.0 panic does not happen",
        ["stale-members-block-readd"] = "`member not found` needs a diverged membership view the steps cannot build",
        ["wiped-member-restarted-tocommit"] = "3.4 refuses the start (`member ... has already been bootstrapped`) before raft runs",
    };
}

/// <summary>
/// Part of the corpus on real etcd 3.4 in Docker, with gaps of at most 3 s: one incident of each kind
/// the issue names that reproduces in the lab, and three right procedures. The whole corpus on Docker
/// takes about ten minutes (<c>etcdlab replay incidents/NAME --target docker</c> runs any one of them).
/// </summary>
[Trait("Category", "Docker")]
[Collection("docker")]
public sealed class DockerIncidentReplaySpec : IncidentReplaySpec
{
    protected override string Kind => "docker";

    protected override TimeSpan MaxGap => TimeSpan.FromSeconds(3);

    protected override IReadOnlyDictionary<string, string> NotReproduced { get; } = SimIncidentReplaySpec.LabLimits;

    protected override async Task<IClusterTarget> CreateTargetAsync() => await DockerClusterTarget.CreateAsync();

    [Theory]
    [InlineData("k3s-dead-master-blocks-join")]          // a dead member left in the membership
    [InlineData("bitnami-removed-member-restarts")]      // a removed member restarted on its data dir
    [InlineData("member-add-started-as-new")]            // a member started as new
    [InlineData("stale-datadir-copied-back")]            // a stale data dir copied back
    [InlineData("kubeadm-node-ip-changed")]              // every address changed
    public Task Incident_should_show_its_symptoms(string name) => ShouldShowItsSymptomsAsync(name);

    [Theory]
    [InlineData("k3s-dead-master-blocks-join")]
    [InlineData("bitnami-removed-member-restarts")]
    [InlineData("kubeadm-node-ip-changed")]
    public Task The_right_procedure_should_avoid_the_symptoms(string name) => RightProcedureShouldAvoidTheSymptomsAsync(name);
}
