using EtcdLab.Core.Events;
using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

public sealed partial class ScenarioRunner
{
    /// <summary>Deadline of one write of a batch.</summary>
    private static readonly TimeSpan BatchWriteTimeout = TimeSpan.FromSeconds(2);

    private async Task<StepOutcome> WriterStartAsync(WriterStartStep step, CancellationToken ct)
    {
        if (!_runningWriters.Add(step.Name)) return StepOutcome.Fail($"writer {step.Name} is already running");
        await _target.StartWriterAsync(new WriterSpec(step.Name, step.Hosts, step.KeyPrefix, step.Interval, step.Timeout, step.MaxWrites), ct);
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> WriterStopAsync(WriterStopStep step, CancellationToken ct)
    {
        if (!_runningWriters.Remove(step.Name)) return StepOutcome.Fail($"no writer named {step.Name} is running");
        await _target.StopWriterAsync(step.Name, ct);
        return StepOutcome.Pass();
    }

    /// <summary>Writes keys one after another, each through the first host that accepts connections,
    /// as a client with several endpoints does; every write is recorded.</summary>
    private async Task<StepOutcome> WritesAsync(WritesStep step, CancellationToken ct)
    {
        var spec = new WriterSpec("batch", step.Hosts, step.KeyPrefix, TimeSpan.Zero, BatchWriteTimeout, step.Count);
        var failed = 0;
        string? firstError = null;
        for (var i = 0; i < step.Count; i++)
        {
            var n = _batchCounters[step.KeyPrefix] = _batchCounters.GetValueOrDefault(step.KeyPrefix) + 1;
            var key = spec.KeyOf(n);
            var value = WriterSpec.ValueOf(n);
            var (answeredBy, reply) = await PutThroughAsync(step.Hosts, key, value, ct);
            if (reply.IsOk)
            {
                _recorder.Record(new ClientWriteAcknowledged("batch", answeredBy, key, value, reply.Value.Header.Revision));
                continue;
            }
            var text = reply.Error.IsConnectionRefused ? RpcError.DeadlineExceeded.Message : reply.Error.Message;
            _recorder.Record(new ClientWriteFailed("batch", key, text));
            failed++;
            firstError ??= text;
        }
        return failed == 0 ? StepOutcome.Pass() : StepOutcome.Fail($"{failed} of {step.Count} writes failed, the first with '{firstError}'");
    }

    /// <summary>Puts through the first host that accepts connections; the last answer when none does.</summary>
    private async Task<(string Host, RpcResult<PutReply> Reply)> PutThroughAsync(IReadOnlyList<string> hosts, string key, string value, CancellationToken ct)
    {
        (string, RpcResult<PutReply>) last = (hosts[0], RpcResult<PutReply>.Fail(RpcError.ConnectionRefused));
        foreach (var hostName in hosts)
        {
            var reply = await _target.PutAsync(Host(hostName).ClientUrl, key, value, BatchWriteTimeout, ct);
            last = (hostName, reply);
            if (reply.IsOk || !reply.Error.IsConnectionRefused) break;
        }
        return last;
    }
}
