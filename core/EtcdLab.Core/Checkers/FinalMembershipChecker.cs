using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Checkers;

/// <summary>At the end the cluster has exactly the members the scenario declares, each started,
/// running, and registered with its host's current peer and client URLs.</summary>
/// <remarks>Applies when the scenario declares <c>final-members</c>; not applicable when it declares none,
/// since then no final membership was promised. A run that recorded no observation, or ended with no
/// member serving, breaks it.</remarks>
public sealed class FinalMembershipChecker : IInvariantChecker
{
    /// <inheritdoc />
    public string Id => InvariantIds.FinalMembership;

    /// <inheritdoc />
    public string Title => "final membership as declared";

    /// <inheritdoc />
    public ToleranceRule ToleranceRule => ToleranceRule.SinceStruck;

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var expected = log.Declaration.FinalMembers;
        if (expected.Count == 0) return CheckResult.NotApplicable("the scenario declares no `final-members`");
        var final = log.Events.OfType<ClusterObserved>().LastOrDefault();
        if (final is null) return CheckResult.Checked([new Violation(0, null, "The run recorded no observation, so its final membership is unknown.")]);
        var step = final.Step;
        var observation = final.Observation;
        if (RunLog.Membership(observation) is not { } members || !observation.Hosts.Any(h => h.HasLeader))
            return CheckResult.Checked([new Violation(step, null, $"At the end no member serves with a leader; the scenario declares the cluster {string.Join(", ", expected)}.") { Seq = final.Seq }]);

        var violations = new List<Violation>();
        var actual = members.Select(m => RunLog.HostOf(m, observation) ?? m.IdHex).ToArray();
        var missing = expected.Except(actual).ToArray();
        var extra = actual.Except(expected).ToArray();
        if (missing.Length > 0 || extra.Length > 0)
            violations.Add(new Violation(step, null,
                $"At the end the cluster's members are {string.Join(", ", actual)}, but the scenario declares {string.Join(", ", expected)}" +
                (missing.Length > 0 ? $"; missing: {string.Join(", ", missing)}" : "") + (extra.Length > 0 ? $"; not expected: {string.Join(", ", extra)}" : "") + "."));

        foreach (var m in members)
        {
            var hostName = RunLog.HostOf(m, observation);
            if (hostName is null || !expected.Contains(hostName)) continue;
            var host = observation[hostName];
            if (!m.IsStarted)
                violations.Add(new Violation(step, hostName, $"At the end member {m.IdHex} for {hostName} is still unstarted: etcd on {hostName} never joined."));
            else if (host.Process != ProcessState.Running || !host.HasLeader)
                violations.Add(new Violation(step, hostName, $"At the end {hostName} is a member but its etcd is not healthy ({Running.ClusterExpectations.Describe(host)})."));
            // http or https: a TLS member registers https URLs at the same address and port.
            var peer = m.PeerUrls.FirstOrDefault(u => u.StartsWith("https:", StringComparison.Ordinal)) is null ? HostSpec.PeerUrl(host.Ip) : HostSpec.PeerUrl(host.Ip, tls: true);
            if (!m.PeerUrls.Contains(peer))
                violations.Add(new Violation(step, hostName,
                    $"At the end {hostName}'s registered peer URL is {string.Join(",", m.PeerUrls)}, but the host's address is {host.Ip} ({peer}): " +
                    "other members dial the registered URL. Runbook 004 (method 1): after the host moves, run `member update <id> --peer-urls=" + peer + "`."));
            var client = m.ClientUrls.FirstOrDefault(u => u.StartsWith("https:", StringComparison.Ordinal)) is null ? HostSpec.ClientUrl(host.Ip) : HostSpec.ClientUrl(host.Ip, tls: true);
            if (m.IsStarted && !m.ClientUrls.Contains(client))
                violations.Add(new Violation(step, hostName, $"At the end {hostName}'s registered client URL is {string.Join(",", m.ClientUrls)}, not {client}."));
        }
        return CheckResult.Checked(violations.Select(v => v with { Seq = final.Seq }).ToArray());
    }
}
