using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

/// <summary>Evaluates <see cref="ClusterExpectation"/>s against observations and describes hosts for messages.</summary>
public static class ClusterExpectations
{
    /// <summary>True when the host's etcd runs, serves clients and knows a leader.</summary>
    public static bool IsHealthy(HostObservation h) => h.Process == ProcessState.Running && h.HasLeader;

    /// <summary>Why <paramref name="observation"/> misses <paramref name="expect"/>, or null when it meets it.</summary>
    public static string? Unmet(ClusterExpectation expect, ClusterObservation observation)
    {
        foreach (var name in expect.Healthy)
            if (!IsHealthy(observation[name])) return $"{name} is not healthy ({Describe(observation[name])})";
        foreach (var name in expect.NotServing)
            if (observation[name].Serving) return $"{name} serves clients ({Describe(observation[name])})";
        foreach (var name in expect.Exited)
            if (observation[name].Process != ProcessState.Exited) return $"{name} has not exited ({Describe(observation[name])})";

        var healthy = observation.Hosts.Where(IsHealthy).ToArray();
        if (expect.Members is { } count)
        {
            if (healthy.Length == 0) return $"no member is healthy, so none reports the membership; {Summary(observation)}";
            foreach (var h in healthy)
            {
                if (h.Members is null) return $"{h.Host} did not answer member list";
                if (h.Members.Count != count) return $"{h.Host} lists {h.Members.Count} members, not {count}";
            }
        }
        switch (expect.Leader)
        {
            case null:
                break;
            case "none":
                if (observation.Hosts.FirstOrDefault(h => h.HasLeader) is { } withLeader)
                    return $"{withLeader.Host} knows a leader ({Describe(withLeader)})";
                break;
            case "any":
                if (!healthy.Any(h => h.Status!.Leader == h.Status.Header.MemberId)) return $"no healthy member leads; {Summary(observation)}";
                break;
            default:
                var leader = observation[expect.Leader];
                if (!IsHealthy(leader) || leader.Status!.Leader != leader.Status.Header.MemberId)
                    return $"{expect.Leader} does not lead ({Describe(leader)})";
                break;
        }
        return null;
    }

    /// <summary>True when every running etcd serves with a leader and the members of each cluster
    /// agree on leader and membership: the state a verification waits for.</summary>
    public static bool Settled(ClusterObservation observation)
    {
        if (observation.Hosts.Any(h => h.Process == ProcessState.Running && !h.HasLeader)) return false;
        return observation.Hosts.Where(h => h.HasLeader)
            .GroupBy(h => h.Status!.Header.ClusterId)
            .All(g => g.Select(h => h.Status!.Leader).Distinct().Count() == 1
                      && g.All(h => h.Members is not null)
                      && g.Select(h => string.Join(",", h.Members!.Select(m => $"{m.Id:x}/{m.Name}/{string.Join(";", m.PeerUrls)}"))).Distinct().Count() == 1);
    }

    /// <summary>One host in words: <c>running, serving, member f53dc916625223aa, leader 36d0c7f3acdc6f84</c>.</summary>
    public static string Describe(HostObservation h)
    {
        var process = h.Process switch
        {
            ProcessState.NotStarted => "etcd never started",
            ProcessState.Exited => "etcd exited" + (string.IsNullOrEmpty(h.ExitError) ? "" : $": {h.ExitError}"),
            _ => h.Process.Describe(),
        };
        if (h.Status is not { } s) return h.Process == ProcessState.Running ? process + ", not serving clients" : process;
        var leader = s.Leader == 0 ? "no leader" : s.Leader == s.Header.MemberId ? "leader" : $"leader {s.Leader:x}";
        return $"{process}, member {s.Header.MemberId:x} of cluster {s.Header.ClusterId:x}, {leader}";
    }

    /// <summary>Every host in words, separated by semicolons.</summary>
    public static string Summary(ClusterObservation observation) =>
        string.Join("; ", observation.Hosts.Select(h => $"{h.Host}: {Describe(h)}"));
}
