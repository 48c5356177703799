using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Checkers;

/// <summary>A run's event stream with the look-ups checkers share: the scenario's declarations,
/// step descriptions, commands with their answers, observations, and which host a member belongs to.</summary>
public sealed class RunLog
{
    private Dictionary<CommandIssued, CommandAnswered?>? _answers;
    private FaultTimeline? _faults;

    /// <summary>Indexes <paramref name="events"/>; the first must be <see cref="RunStarted"/>.</summary>
    public RunLog(IReadOnlyList<RunEvent> events)
    {
        Events = events;
        Declaration = (events.FirstOrDefault() as RunStarted)?.Scenario
            ?? throw new InputException("this event stream does not begin with run-started; it is not a whole EtcdLab run");
    }

    /// <summary>Every event, in order.</summary>
    public IReadOnlyList<RunEvent> Events { get; }

    /// <summary>What the scenario declared.</summary>
    public ScenarioDeclaration Declaration { get; }

    /// <summary>The target the run used: <c>sim</c> or <c>docker</c>.</summary>
    public string Target => ((RunStarted)Events[0]).Target;

    /// <summary>When the faults of the run's schedule were in force (none for a run without one).</summary>
    public FaultTimeline Faults => _faults ??= new FaultTimeline(Events);

    /// <summary>A step for a message: <c>step 4 (etcdctl member add m4 ... (on m1), line 31)</c>.</summary>
    public string StepText(int index)
    {
        var step = Declaration.Steps.FirstOrDefault(s => s.Index == index);
        if (step is null) return $"step {index}";
        return step.Line > 0 ? $"step {index} (`{step.Text}`, line {step.Line})" : $"step {index} ({step.Text})";
    }

    /// <summary>The host a member belongs to: by its name once started, else by the address of its peer URL.</summary>
    public static string? HostOf(MemberInfo member, ClusterObservation observation)
    {
        if (member.IsStarted && observation.Hosts.Any(h => h.Host == member.Name)) return member.Name;
        foreach (var url in member.PeerUrls)
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && observation.Hosts.FirstOrDefault(h => h.Ip == uri.Host) is { } host)
                return host.Host;
        return null;
    }

    /// <summary>The membership the cluster agrees on in <paramref name="observation"/>: the leader's view of the
    /// cluster with the most serving members; without a leader, the view of any serving member; null if none serves.</summary>
    public static IReadOnlyList<MemberInfo>? Membership(ClusterObservation observation)
    {
        var serving = observation.Hosts.Where(h => h.Serving && h.Members is not null).ToArray();
        if (serving.Length == 0) return null;
        var cluster = serving.GroupBy(h => h.Status!.Header.ClusterId).OrderByDescending(g => g.Count()).First().ToArray();
        var leader = cluster.FirstOrDefault(h => h.Status!.Leader == h.Status.Header.MemberId);
        return (leader ?? cluster[0]).Members;
    }

    /// <summary>Every etcdctl command with its answer (null when the run ended before it answered).</summary>
    public IEnumerable<(CommandIssued Issued, CommandAnswered? Answered)> Commands()
    {
        for (var i = 0; i < Events.Count; i++)
        {
            if (Events[i] is not CommandIssued issued) continue;
            var answer = Events.Skip(i + 1).OfType<CommandAnswered>().FirstOrDefault(a => a.Host == issued.Host);
            yield return (issued, answer);
        }
    }

    /// <summary>The answer to <paramref name="issued"/>, an event of this log (null when the run ended before it answered).</summary>
    /// <remarks>Keyed by the event itself, not by its <c>Seq</c>: a log whose lines were written twice holds
    /// equal events with equal numbers, and checking it must not fail on them.</remarks>
    public CommandAnswered? AnswerTo(CommandIssued issued)
    {
        if (_answers is null)
        {
            _answers = new Dictionary<CommandIssued, CommandAnswered?>(ReferenceEqualityComparer.Instance);
            foreach (var (command, answer) in Commands()) _answers.TryAdd(command, answer);
        }
        return _answers.GetValueOrDefault(issued);
    }

    /// <summary>True when <paramref name="argv"/> is <c>member &lt;verb&gt; ...</c>.</summary>
    public static bool IsMember(IReadOnlyList<string> argv, string verb)
    {
        var words = Etcdctl.EtcdctlParser.Positionals(argv);
        return words.Count >= 2 && words[0] == "member" && words[1] == verb;
    }

    /// <summary>The first positional argument after <c>member &lt;verb&gt;</c>.</summary>
    public static string? MemberArg(IReadOnlyList<string> argv)
    {
        var words = Etcdctl.EtcdctlParser.Positionals(argv);
        return words.Count >= 3 ? words[2] : null;
    }

    /// <summary>The latest observation recorded before event number <paramref name="seq"/>.</summary>
    public ClusterObservation? ObservationBefore(long seq) =>
        Events.OfType<ClusterObserved>().LastOrDefault(o => o.Seq < seq)?.Observation;

    /// <summary>Step windows for a message: <c>step 4, steps 6-9</c>.</summary>
    public static string Describe(IEnumerable<StepWindow> windows) =>
        string.Join(", ", windows.Select(w => w.From == w.To ? $"step {w.From}" : $"steps {w.From}-{w.To}"));

    /// <summary>Quorum of <paramref name="voters"/> voting members.</summary>
    public static int Quorum(int voters) => voters / 2 + 1;
}
