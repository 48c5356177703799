using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>The <c>--force-new-cluster</c> setting is removed once used: etcd applies it at every
/// start, so a later restart would again drop every other member.</summary>
/// <remarks>Applies when some host's configuration set <c>--force-new-cluster</c> or etcd started with it.
/// Not applicable otherwise: a host's configuration changes only through recorded steps and every start
/// records its flags, so a run in which neither mentions the setting cannot end with it set.</remarks>
public sealed class ForceNewClusterRemovedChecker : IInvariantChecker
{
    private const string Flag = "--force-new-cluster";

    /// <summary>Go's strconv.ParseBool spellings of true, which etcd's flag parser accepts.</summary>
    private static readonly string[] GoTrue = ["1", "t", "T", "TRUE", "true", "True"];

    /// <summary>True when <paramref name="args"/> (<c>--name=value</c>) set --force-new-cluster to a value etcd reads as true.</summary>
    internal static bool SetsIt(IEnumerable<string> args) =>
        args.Any(a => a == Flag || (a.StartsWith(Flag + "=", StringComparison.Ordinal) && GoTrue.Contains(a[(Flag.Length + 1)..])));

    /// <summary>True when <paramref name="args"/> set --force-new-cluster to anything etcd does not read as true.</summary>
    private static bool ClearsIt(IEnumerable<string> args) =>
        args.Any(a => a.StartsWith(Flag + "=", StringComparison.Ordinal) && !GoTrue.Contains(a[(Flag.Length + 1)..]));
    private const string Warning = "Runbook 001: \"If the output contains no errors, remove the 98-force-new-cluster.conf drop-in file.\"";

    /// <inheritdoc />
    public string Id => InvariantIds.ForceNewClusterRemoved;

    /// <inheritdoc />
    public string Title => "--force-new-cluster removed after use";

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var violations = new List<Violation>();
        var setAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var usedAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var mentioned = false;
        foreach (var e in log.Events)
        {
            switch (e)
            {
                case HostConfigured c when SetsIt(c.Set):
                    mentioned = true;
                    setAt[c.Host] = c.Step;
                    break;
                case HostConfigured c when c.Unset.Contains("force-new-cluster") || ClearsIt(c.Set):
                    setAt.Remove(c.Host);
                    usedAt.Remove(c.Host);
                    break;
                case ProcessStarted p when SetsIt(p.Flags):
                    mentioned = true;
                    // A start's flags are the host's configuration: set there even when no configure step set it
                    // (the scenario's own host flags), so it stays set until a step removes it.
                    setAt.TryAdd(p.Host, p.Step);
                    if (usedAt.TryGetValue(p.Host, out var first))
                        violations.Add(new Violation(p.Step, p.Host,
                            $"{log.StepText(p.Step)} restarts {p.Host} with --force-new-cluster still set (first used at step {first}): " +
                            $"it forces a one-member cluster again and drops every member added since. {Warning}") { Seq = p.Seq });
                    else usedAt[p.Host] = p.Step;
                    break;
            }
        }
        var end = log.Events.LastOrDefault()?.Step ?? 0;
        foreach (var (host, step) in setAt)
            violations.Add(new Violation(end, host,
                $"At the end {host}'s etcd configuration still sets --force-new-cluster (set at step {step}): the next restart of {host} " +
                $"will again remove every other member. {Warning}"));
        return mentioned
            ? CheckResult.Checked(violations)
            : CheckResult.NotApplicable("no host's configuration set --force-new-cluster and etcd never started with it");
    }
}
