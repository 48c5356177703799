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
        await _target.StartWriterAsync(new WriterSpec(step.Name, step.Hosts, step.KeyPrefix, step.Interval, step.Timeout, step.MaxWrites), ct);
        _runningWriters.Add(step.Name);
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> WriterStopAsync(WriterStopStep step, CancellationToken ct)
    {
        await _target.StopWriterAsync(step.Name, ct);
        _runningWriters.Remove(step.Name);
        return StepOutcome.Pass();
    }

    /// <summary>Writes keys one after another, each by the rules every writer follows
    /// (<see cref="WriteCourse"/>); every write is recorded.</summary>
    private async Task<StepOutcome> WritesAsync(WritesStep step, CancellationToken ct)
    {
        var spec = new WriterSpec("batch", step.Hosts, step.KeyPrefix, TimeSpan.Zero, BatchWriteTimeout, step.Count);
        var failed = 0;
        var answeredLast = 0;
        string? firstError = null;
        for (var i = 0; i < step.Count; i++)
        {
            var n = _batchCounters[step.KeyPrefix] = _batchCounters.GetValueOrDefault(step.KeyPrefix) + 1;
            var (key, value) = (spec.KeyOf(n), WriterSpec.ValueOf(n));
            var course = new WriteCourse(spec, answeredLast, _target.Now);
            while (true)
            {
                var move = course.Next(_target.Now);
                if (move.Kind == WriteMoveKind.GiveUp)
                {
                    _recorder.Record(new ClientWriteFailed("batch", key, move.Error!));
                    failed++;
                    firstError ??= move.Error;
                    break;
                }
                if (move.Kind == WriteMoveKind.Pause)
                {
                    await _target.DelayAsync(move.Wait, ct);
                    continue;
                }
                var host = step.Hosts[move.HostIndex];
                var reply = await _target.PutAsync(Host(host).ClientUrl, key, value, move.Wait, ct);
                if (reply.IsOk)
                {
                    answeredLast = move.HostIndex;
                    _recorder.Record(new ClientWriteAcknowledged("batch", host, key, value, reply.Value.Header.Revision));
                    break;
                }
                course.Failed(reply.Error);
            }
        }
        return failed == 0 ? StepOutcome.Pass() : StepOutcome.Fail($"{failed} of {step.Count} writes failed, the first with '{firstError}'");
    }
}
