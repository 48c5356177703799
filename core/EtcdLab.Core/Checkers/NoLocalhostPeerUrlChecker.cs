using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>No member of a multi-member cluster advertises a <c>localhost</c> peer URL: the other
/// members would dial themselves.</summary>
/// <remarks>Applies when some observation showed a membership of two or more members. Not applicable when
/// the cluster never had two: a lone member's peer URL is dialled by nobody.</remarks>
public sealed class NoLocalhostPeerUrlChecker : IInvariantChecker
{
    /// <inheritdoc />
    public string Id => InvariantIds.NoLocalhostPeerUrl;

    /// <inheritdoc />
    public string Title => "no localhost peer URL in a multi-member cluster";

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var violations = new List<Violation>();
        var reported = new HashSet<ulong>();
        var multiMember = false;
        foreach (var observed in log.Events.OfType<ClusterObserved>())
        {
            if (RunLog.Membership(observed.Observation) is not { Count: > 1 } members) continue;
            multiMember = true;
            foreach (var m in members)
            {
                var url = m.PeerUrls.FirstOrDefault(IsLocalhost);
                if (url is null || !reported.Add(m.Id)) continue;
                violations.Add(new Violation(observed.Step, m.IsStarted ? m.Name : null,
                    $"After {log.StepText(observed.Step)} member {m.IdHex}{(m.IsStarted ? $" ({m.Name})" : "")} has peer URL {url} in a cluster of {members.Count}: " +
                    "the other members cannot reach it there. Runbooks 000 and 002 say to `member update` it to the host's real address before adding members.") { Seq = observed.Seq });
            }
        }
        return multiMember ? CheckResult.Checked(violations) : CheckResult.NotApplicable("the cluster never had two or more members, so no member dialled another's peer URL");
    }

    private static bool IsLocalhost(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Host == "localhost" || uri.Host.StartsWith("127.0.0.", StringComparison.Ordinal));
}
