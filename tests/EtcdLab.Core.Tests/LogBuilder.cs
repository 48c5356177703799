using EtcdLab.Core.Events;
using EtcdLab.Core.Identity;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Tests;

/// <summary>Builds event logs by hand, so each checker can be shown a run that breaks its invariant and one that keeps it.</summary>
internal sealed class LogBuilder
{
    private readonly List<RunEvent> _events = [];
    private readonly Dictionary<string, string> _ips = new();
    private int _step;

    public LogBuilder(
        string[] members,
        string[]? spare = null,
        (int From, int To)? online = null,
        string[]? finalMembers = null,
        (int From, int To)? lossWindow = null,
        string[]? invariants = null,
        string target = "sim")
    {
        var hosts = members.Select((h, i) => new HostDeclaration(h, $"127.0.1.{i + 1}", true))
            .Concat((spare ?? []).Select((h, i) => new HostDeclaration(h, $"127.0.1.{members.Length + i + 1}", false))).ToArray();
        foreach (var h in hosts) _ips[h.Name] = h.Ip;
        var steps = Enumerable.Range(0, 12).Select(i => new StepInfo(i, i == 0 ? 0 : 10 + i, null, $"step text {i}")).ToArray();
        Add(new RunStarted(target, 1, new ScenarioDeclaration("test", "test.yaml", "P0", "", hosts, invariants ?? [], finalMembers ?? [],
            lossWindow is { } l ? [new StepWindow(l.From, l.To)] : [],
            online is { } o ? [new StepWindow(o.From, o.To)] : [], steps)));
    }

    public IReadOnlyList<RunEvent> Events => _events;

    public static ulong IdOf(string ip) => EtcdIds.MemberId([HostSpec.PeerUrl(ip)], "t1");

    public ulong Id(string host) => IdOf(_ips[host]);

    public LogBuilder Step(int step)
    {
        _step = step;
        return this;
    }

    public LogBuilder Add(RunEvent e)
    {
        _events.Add(e with { Seq = _events.Count + 1, Step = _step });
        return this;
    }

    public LogBuilder MoveIp(string host, string ip)
    {
        var old = _ips[host];
        _ips[host] = ip;
        return Add(new IpChanged(host, old, ip));
    }

    /// <summary>Records an observation: <paramref name="running"/> hosts run and serve in <paramref name="cluster"/>
    /// with <paramref name="leader"/> (or, per host, the leader <paramref name="leaders"/> names) at raft term
    /// <paramref name="term"/>; the membership lists <paramref name="members"/> (a name, or <c>unstarted@ip</c>),
    /// with peer URLs at <paramref name="peerIps"/> where given.</summary>
    public LogBuilder Observe(
        string[] running,
        string[] members,
        string? leader = null,
        ulong cluster = 0x1bfce294034d8791,
        Dictionary<string, ulong>? clusters = null,
        Dictionary<string, string>? peerIps = null,
        string[]? notServing = null,
        ulong term = 2,
        Dictionary<string, string>? leaders = null)
    {
        var list = members.Select(m =>
        {
            if (m.StartsWith("unstarted@", StringComparison.Ordinal))
            {
                var ip = m["unstarted@".Length..];
                return new MemberInfo(IdOf(ip) ^ 1, "", [HostSpec.PeerUrl(ip)], [], false);
            }
            var peer = peerIps?.GetValueOrDefault(m) ?? _ips[m];
            return new MemberInfo(Id(m), m, [peer.StartsWith("http") ? peer : HostSpec.PeerUrl(peer)], [HostSpec.ClientUrl(_ips[m])], false);
        }).OrderBy(m => m.Id).ToArray();
        var hosts = _ips.Select(kv =>
        {
            var runs = running.Contains(kv.Key);
            var serves = runs && !(notServing ?? []).Contains(kv.Key);
            var cid = clusters?.GetValueOrDefault(kv.Key, cluster) ?? cluster;
            var lead = leaders?.GetValueOrDefault(kv.Key) ?? leader;
            var status = serves
                ? new StatusReply(new ResponseHeader(cid, Id(kv.Key), 1, term), "3.4.23", 20480, lead is null ? 0 : Id(lead), 8, term, 8, [], false)
                : null;
            return new HostObservation(kv.Key, kv.Value, runs ? ProcessState.Running : ProcessState.Stopped, null, status, serves ? list : null);
        }).ToArray();
        return Add(new ClusterObserved(new ClusterObservation(hosts)));
    }

    /// <summary>etcd starts on each of <paramref name="hosts"/>.</summary>
    public LogBuilder Start(params string[] hosts)
    {
        foreach (var h in hosts) Add(new ProcessStarted(h, _ips[h], []));
        return this;
    }

    /// <summary>etcd on <paramref name="host"/> is killed.</summary>
    public LogBuilder Kill(string host) => Add(new ProcessStopped(host, Killed: true));

    /// <summary><paramref name="host"/>'s member becomes leader of <paramref name="term"/>.</summary>
    public LogBuilder Elected(string host, ulong term) => Add(new LeaderElected(host, Id(host), term));

    /// <summary>Fault <paramref name="number"/> of the schedule strikes <paramref name="hosts"/> (a crash unless <paramref name="kind"/> says otherwise).</summary>
    public LogBuilder Fault(int number, bool withinTolerance, string[] hosts, string kind = "crash", string? description = null) =>
        Add(new FaultInjected(number, kind, description ?? $"kill {hosts[0]}", hosts, withinTolerance, null));

    /// <summary>Fault <paramref name="number"/> is undone.</summary>
    public LogBuilder Undo(int number, params string[] hosts) => Add(new FaultUndone(number, $"undo fault {number}", hosts));

    public LogBuilder Command(string host, string commandLine, int exit = 0, string stdout = "")
    {
        Add(new CommandIssued(host, commandLine.Split(' ')));
        return Add(new CommandAnswered(host, exit, stdout, exit == 0 ? "" : "Error: something\n"));
    }
}
