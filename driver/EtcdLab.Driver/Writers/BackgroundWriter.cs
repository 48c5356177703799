using System.Diagnostics;
using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;
using EtcdLab.Driver.Clients;

namespace EtcdLab.Driver.Writers;

/// <summary>
/// The loop behind <see cref="IClusterTarget.StartWriterAsync"/>: write n (from 1) starts at
/// <c>(n-1) * Interval</c> after the writer started (or at once when the previous write ran late),
/// until <see cref="WriterSpec.MaxWrites"/> writes or a stop, so it is bounded in count and in time
/// (about <c>MaxWrites * max(Interval, Timeout)</c>). Each write follows the spec's rules: hosts in
/// order from the one that acknowledged last, the next host after any error or after
/// <see cref="WriterSpec.AttemptTimeout"/> without an answer, a failure only once no host
/// acknowledged it within <see cref="WriterSpec.Timeout"/>.
/// </summary>
internal sealed class BackgroundWriter
{
    private readonly WriterSpec _spec;
    private readonly Func<string, string?> _endpointOf;
    private readonly EtcdRpc _rpc;
    private readonly IRunRecorder _recorder;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _lastAnswered;

    public BackgroundWriter(WriterSpec spec, Func<string, string?> endpointOf, EtcdRpc rpc, IRunRecorder recorder)
    {
        _spec = spec;
        _endpointOf = endpointOf;
        _rpc = rpc;
        _recorder = recorder;
    }

    public bool IsRunning => !_loop.IsCompleted;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Stops scheduling writes and waits for the write in flight (bounded by its timeout).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    private async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        for (var n = 1; n <= _spec.MaxWrites; n++)
        {
            var due = _spec.Interval * (n - 1) - clock.Elapsed;
            try
            {
                if (due > TimeSpan.Zero) await Task.Delay(due, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (_stop.IsCancellationRequested) return;
            await WriteAsync(n);
        }
    }

    private async Task WriteAsync(int n)
    {
        var key = _spec.KeyOf(n);
        var value = WriterSpec.ValueOf(n);
        var clock = Stopwatch.StartNew();
        var hosts = _spec.Hosts;
        RpcError? answered = null;
        for (var round = 0; clock.Elapsed < _spec.Timeout; round++)
        {
            if (round > 0)
            {
                var pause = Min(WriterSpec.RoundBackoff, _spec.Timeout - clock.Elapsed);
                if (pause > TimeSpan.Zero) await Task.Delay(pause);
            }
            var start = _lastAnswered;
            for (var i = 0; i < hosts.Count; i++)
            {
                var index = (start + i) % hosts.Count;
                if (_endpointOf(hosts[index]) is not { } endpoint) continue;
                var left = _spec.Timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero) break;
                // The write in flight is not cancelled by a stop: it ends by its own timeout.
                var result = await _rpc.PutAsync(endpoint, key, value, Min(left, _spec.AttemptTimeout), CancellationToken.None);
                if (result.IsOk)
                {
                    _lastAnswered = index;
                    _recorder.Record(new ClientWriteAcknowledged(_spec.Name, hosts[index], key, value, result.Value.Header.Revision));
                    return;
                }
                if (!result.Error.IsConnectionRefused && result.Error.Code != RpcErrorCode.DeadlineExceeded) answered = result.Error;
            }
        }
        _recorder.Record(new ClientWriteFailed(_spec.Name, key, (answered ?? RpcError.DeadlineExceeded).Message));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
