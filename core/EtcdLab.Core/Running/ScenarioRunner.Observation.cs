using EtcdLab.Core.Events;
using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

public sealed partial class ScenarioRunner
{
    private static readonly TimeSpan FinalReadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long the cluster must stay settled before the verification records it at rest:
    /// longer than a leader election after a member that was cut off comes back (with the lab's
    /// 100 ms election timeout, two elections fit).</summary>
    private static readonly TimeSpan StableFor = TimeSpan.FromMilliseconds(500);

    private async Task<ClusterObservation> ObserveAndRecordAsync(CancellationToken ct)
    {
        var observation = await _target.ObserveAsync(ct);
        _recorder.Record(new ClusterObserved(observation));
        return observation;
    }

    /// <summary>Step 0: start every initial member with <c>initial-cluster-state=new</c> together, as a
    /// new cluster bootstraps (<see cref="IClusterTarget.BootstrapAsync"/>), and wait until they elected
    /// a leader and every one of them has published itself.</summary>
    private async Task<StepOutcome> BootstrapAsync(CancellationToken ct)
    {
        if (await SetupAsync(ct) is { Failure: not null } setup) return setup;
        var initial = _hosts.Values.Where(h => h.InitialMember).ToArray();
        await _target.BootstrapAsync(initial.Select(h => new KeyValuePair<string, EtcdFlags>(h.Name, FlagsFor(h))).ToArray(), ct);
        var expectation = new ClusterExpectation(initial.Length, initial.Select(h => h.Name).ToArray(), "any", [], []);
        var (met, problem, _) = await PollAsync(expectation, _options.BootstrapTimeout, ct);
        return met ? StepOutcome.Pass() : StepOutcome.Fail($"the initial cluster did not become healthy within {Durations.Format(_options.BootstrapTimeout)}: {problem}");
    }

    private async Task<StepOutcome> ExpectClusterAsync(ExpectClusterStep step, CancellationToken ct)
    {
        var (met, problem, polls) = await PollAsync(step.Expect, step.Within, ct);
        return met ? StepOutcome.Pass(polls) : StepOutcome.Fail($"after {Durations.Format(step.Within)}: {problem}", polls);
    }

    /// <summary>Observes until <paramref name="expectation"/> holds or <paramref name="within"/> passes,
    /// or until it cannot hold any more: no step runs while the runner waits, so a host that must
    /// become healthy and whose etcd has exited, or was never started, stays so (unless a fault's
    /// undo is still due).</summary>
    private async Task<(bool Met, string? Problem, int Polls)> PollAsync(ClusterExpectation expectation, TimeSpan within, CancellationToken ct)
    {
        var deadline = _target.Now + within;
        var polls = 0;
        while (true)
        {
            polls++;
            var observation = await _target.ObserveAsync(ct);
            var problem = ClusterExpectations.Unmet(expectation, observation);
            if (problem is null) return (true, null, polls);
            // (Unless a fault of the run's schedule is still to be undone: its undo may restart the host.)
            if (_faults?.NextDue is null
                && expectation.Healthy.Select(h => observation[h]).FirstOrDefault(h => h.Process is ProcessState.Exited or ProcessState.Stopped or ProcessState.NotStarted) is { } gone)
                return (false, $"{gone.Host} cannot become healthy: {ClusterExpectations.Describe(gone)}. Every host: {ClusterExpectations.Summary(observation)}", polls);
            if (_target.Now >= deadline) return (false, $"{problem}. Every host: {ClusterExpectations.Summary(observation)}", polls);
            await _target.DelayAsync(_options.PollInterval, ct);
        }
    }

    /// <summary>Step n+1: stop the writers, let running members agree, record the state at rest,
    /// and read every key from every member that serves with a leader.</summary>
    private async Task VerifyAsync(int index, CancellationToken ct)
    {
        _recorder.CurrentStep = index;
        _recorder.Record(new StepStarted(index, "verify: let the cluster settle, observe it, read every key"));
        foreach (var writer in _runningWriters.Order(StringComparer.Ordinal).ToArray())
        {
            await _target.StopWriterAsync(writer, ct);
            _runningWriters.Remove(writer);
        }

        // Settled means settled for a while: a member that was cut off until just now (a fault, a
        // partition step) may still call an election that unseats the leader a moment later.
        var deadline = _target.Now + _options.SettleTimeout;
        TimeSpan? settledSince = null;
        while (_target.Now < deadline)
        {
            if (!ClusterExpectations.Settled(await _target.ObserveAsync(ct))) settledSince = null;
            else if ((settledSince ??= _target.Now) + StableFor <= _target.Now) break;
            await _target.DelayAsync(_options.PollInterval, ct);
        }

        _recorder.Record(new RestPoint("end of the procedure"));
        var observation = await ObserveAndRecordAsync(ct);
        foreach (var host in observation.Hosts.Where(h => h.HasLeader))
        {
            var read = await _target.RangeAsync(HostSpec.ClientUrl(host.Ip, Host(host.Host).ClientUrl.StartsWith("https:", StringComparison.Ordinal)), "\0", "\0", serializable: false, FinalReadTimeout, ct);
            _recorder.Record(read.IsOk
                ? new KeyspaceRead(host.Host, read.Value.Header.Revision, read.Value.Kvs.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value)).ToArray(), null)
                : new KeyspaceRead(host.Host, 0, [], read.Error.Message));
        }
        _recorder.Record(new StepFinished(index, true, 1, null));
    }
}
