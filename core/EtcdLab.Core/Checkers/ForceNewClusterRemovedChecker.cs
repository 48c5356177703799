using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>The <c>--force-new-cluster</c> setting is removed once used: etcd applies it at every
/// start, so a later restart would again drop every other member.</summary>
public sealed class ForceNewClusterRemovedChecker : IInvariantChecker
{
    private const string Flag = "--force-new-cluster=true";
    private const string Warning = "Runbook 001: \"If the output contains no errors, remove the 98-force-new-cluster.conf drop-in file.\"";

    /// <inheritdoc />
    public string Id => InvariantIds.ForceNewClusterRemoved;

    /// <inheritdoc />
    public string Title => "--force-new-cluster removed after use";

    /// <inheritdoc />
    public IReadOnlyList<Violation> Check(RunLog log)
    {
        var violations = new List<Violation>();
        var setAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var usedAt = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in log.Events)
        {
            switch (e)
            {
                case HostConfigured c when c.Set.Contains(Flag, StringComparer.OrdinalIgnoreCase):
                    setAt[c.Host] = c.Step;
                    break;
                case HostConfigured c when c.Unset.Contains("force-new-cluster"):
                    setAt.Remove(c.Host);
                    usedAt.Remove(c.Host);
                    break;
                case ProcessStarted p when p.Flags.Contains(Flag, StringComparer.OrdinalIgnoreCase):
                    if (usedAt.TryGetValue(p.Host, out var first))
                        violations.Add(new Violation(p.Step, p.Host,
                            $"{log.StepText(p.Step)} restarts {p.Host} with --force-new-cluster still set (first used at step {first}): " +
                            $"it forces a one-member cluster again and drops every member added since. {Warning}"));
                    else usedAt[p.Host] = p.Step;
                    break;
            }
        }
        var end = log.Events.LastOrDefault()?.Step ?? 0;
        foreach (var (host, step) in setAt)
            violations.Add(new Violation(end, host,
                $"At the end {host}'s etcd configuration still sets --force-new-cluster (set at step {step}): the next restart of {host} " +
                $"will again remove every other member. {Warning}"));
        return violations;
    }
}
