using EtcdLab.Core.Checkers;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Incidents;

/// <summary>
/// A recorded incident (docs/incident-format.md): the cluster it happened to, its timeline of
/// operator actions and observations, the symptoms it showed, and optionally the right procedure
/// from some entry on. <see cref="ToScenario"/> turns it into the run that replays it.
/// </summary>
/// <param name="Name">The incident's name (its folder).</param>
/// <param name="File">The incident.yaml it was read from.</param>
/// <param name="Source">Where it was reported (a link).</param>
/// <param name="Etcd">The etcd version it ran, as far as known.</param>
/// <param name="Summary">What happened, in a few sentences.</param>
/// <param name="Procedure">The runbook procedure that avoids it (P1..P8).</param>
/// <param name="MaxGap">Longest wait a gap between two entries becomes.</param>
/// <param name="Cluster">The hosts, on loopback.</param>
/// <param name="Was">What each host was called and where it was in the incident.</param>
/// <param name="Timeline">The entries, numbered from 1.</param>
/// <param name="Symptoms">What the incident showed.</param>
/// <param name="Then">The right procedure from one entry on, when the incident states it.</param>
public sealed record Incident(
    string Name,
    string File,
    string Source,
    string Etcd,
    string Summary,
    string Procedure,
    TimeSpan MaxGap,
    ClusterDefinition Cluster,
    IReadOnlyDictionary<string, HostWas> Was,
    IReadOnlyList<IncidentEntry> Timeline,
    IReadOnlyList<Symptom> Symptoms,
    IncidentThen? Then)
{
    /// <summary>How long the cluster runs before the first entry: an incident's cluster had been up for a
    /// while, and etcd refuses <c>member add</c> until its members have been connected for 5 s.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(6);

    /// <summary>The run that replays the timeline: each gap becomes a wait of at most <see cref="MaxGap"/>,
    /// each operator action its step. With <paramref name="then"/>, only the entries before its
    /// <see cref="IncidentThen.FromEntry"/> are replayed, then its steps run.</summary>
    public IncidentReplay ToScenario(IncidentThen? then = null)
    {
        var steps = new List<Step>();
        var firstStep = new Dictionary<int, int>();
        foreach (var entry in Timeline)
        {
            if (then is not null && entry.Number >= then.FromEntry) break;
            firstStep[entry.Number] = steps.Count + 1;
            if (entry.Number == 1)
                steps.Add(new WaitStep(WarmUp) { Index = 1, Line = entry.Line, Note = "the cluster had been running before the incident began" });
            var wait = entry.Gap < MaxGap ? entry.Gap : MaxGap;
            if (wait > TimeSpan.Zero)
                steps.Add(new WaitStep(wait) { Index = steps.Count + 1, Line = entry.Line, Note = entry.GapNote(MaxGap) });
            if (entry.Action is { } action) steps.Add(action with { Index = steps.Count + 1 });
        }
        var thenFrom = steps.Count + 1;
        if (then is not null)
            foreach (var step in then.Steps) steps.Add(step with { Index = steps.Count + 1 });
        if (steps.Count == 0) steps.Add(new WaitStep(TimeSpan.Zero) { Index = 1, Note = "nothing to replay before the right procedure" });
        var scenario = new Scenario(Name, File, Procedure, "incident: " + Source, Summary, Cluster,
            new Promises(InvariantIds.All, [], [], []), steps, []);
        return new IncidentReplay(this, scenario, firstStep, then is null ? null : thenFrom);
    }
}

/// <summary>What a host was called and where it was in the incident (kept as text, never dialled).</summary>
/// <param name="Name">Its name there (a host name or etcd member name).</param>
/// <param name="Address">Its address there.</param>
/// <param name="Id">Its etcd member ID, hex.</param>
public sealed record HostWas(string? Name, string? Address, string? Id);

/// <summary>What an entry of the timeline is.</summary>
public enum IncidentEntryKind
{
    /// <summary>An operator action: a scenario step.</summary>
    Action,
    /// <summary>A line a member logged.</summary>
    Log,
    /// <summary>An output an operator looked at.</summary>
    Output,
    /// <summary>Context, not replayed.</summary>
    Note,
}

/// <summary>One entry of an incident's timeline.</summary>
/// <param name="Number">From 1, in file order.</param>
/// <param name="Line">Its line in incident.yaml.</param>
/// <param name="At">Its time as written.</param>
/// <param name="Offset">Its time since the first entry.</param>
/// <param name="Gap">Time since the previous entry.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Action">The step, for an action.</param>
/// <param name="Text">The log line, output or note; for an action, what the operator typed (the step's description).</param>
/// <param name="Host">The host an observation came from, or an action ran on.</param>
/// <param name="Recorded">For an action, its output as the incident shows it.</param>
public sealed record IncidentEntry(
    int Number,
    int Line,
    string At,
    TimeSpan Offset,
    TimeSpan Gap,
    IncidentEntryKind Kind,
    Step? Action,
    string Text,
    string? Host,
    string? Recorded)
{
    /// <summary>Why a wait is shorter than the gap it stands for, or null when it is not.</summary>
    public string? GapNote(TimeSpan maxGap) =>
        Gap > maxGap ? $"the incident waited {Durations.Format(Gap)} here; the replay waits {Durations.Format(maxGap)} (max-gap)" : null;
}

/// <summary>Where a symptom shows.</summary>
public enum SymptomKind
{
    /// <summary>A line a member logs, or the text it exits with.</summary>
    Log,
    /// <summary>The text etcd exits with.</summary>
    Exit,
    /// <summary>An etcdctl command's error answer.</summary>
    Error,
}

/// <summary>A symptom the incident showed, to look for in a replay.</summary>
/// <param name="Kind">Where it shows.</param>
/// <param name="Pattern">The text, with <c>*</c> for any run of characters.</param>
/// <param name="Host">The host it shows on, or null for any.</param>
/// <param name="AfterEntry">The entry it appears at or after.</param>
/// <param name="Line">Its line in incident.yaml.</param>
public sealed record Symptom(SymptomKind Kind, TextPattern Pattern, string? Host, int AfterEntry, int Line)
{
    /// <summary>The symptom in one line.</summary>
    public string Describe() =>
        $"{Kind.ToString().ToLowerInvariant()} '{Pattern}'" + (Host is null ? "" : $" on {Host}") + $" after entry {AfterEntry}";
}

/// <summary>The right procedure from one entry of the timeline on.</summary>
/// <param name="FromEntry">The first entry it replaces.</param>
/// <param name="Runbook">Which runbook procedure it follows, in words.</param>
/// <param name="Steps">Its steps.</param>
/// <param name="File">Where it was read from.</param>
public sealed record IncidentThen(int FromEntry, string Runbook, IReadOnlyList<Step> Steps, string File);

/// <summary>An incident turned into a run.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="Scenario">The run's scenario.</param>
/// <param name="FirstStep">For each replayed entry, the first step that stands for it (its wait, or its action).</param>
/// <param name="ThenFrom">The first step of the right procedure, or null when there is none.</param>
public sealed record IncidentReplay(Incident Incident, Scenario Scenario, IReadOnlyDictionary<int, int> FirstStep, int? ThenFrom)
{
    /// <summary>The entry a step belongs to: the last replayed entry whose first step is at or before it
    /// (0 for the bootstrap; null for the right procedure's steps and the final verification).</summary>
    public int? EntryOf(int step)
    {
        if (step == 0) return 0;
        if (ThenFrom is { } from && step >= from) return null;
        if (step > Scenario.Steps.Count) return null;
        int? entry = null;
        foreach (var (number, first) in FirstStep.OrderBy(p => p.Key))
            if (first <= step) entry = number;
        return entry;
    }

    /// <summary>The steps that stand for <paramref name="entry"/> (empty for an observation at no gap).</summary>
    public (int From, int To) StepsOf(int entry)
    {
        if (!FirstStep.TryGetValue(entry, out var from)) return (0, -1);
        var next = FirstStep.Where(p => p.Key > entry).Select(p => p.Value).DefaultIfEmpty(ThenFrom ?? Scenario.Steps.Count + 1).Min();
        return (from, next - 1);
    }
}
