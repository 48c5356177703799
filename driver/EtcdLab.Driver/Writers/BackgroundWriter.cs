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
/// order from the one that answered last, refused hosts skipped at once, no answer within the
/// timeout recorded as a failure.
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
        for (var i = 0; i < hosts.Count; i++)
        {
            var index = (_lastAnswered + i) % hosts.Count;
            var endpoint = _endpointOf(hosts[index]);
            if (endpoint is null) continue;
            var left = _spec.Timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero) break;
            // The write in flight is not cancelled by a stop: it ends by its own timeout.
            var result = await _rpc.PutAsync(endpoint, key, value, left, CancellationToken.None);
            if (result.IsOk)
            {
                _lastAnswered = index;
                _recorder.Record(new ClientWriteAcknowledged(_spec.Name, hosts[index], key, value, result.Value.Header.Revision));
                return;
            }
            if (result.Error.IsConnectionRefused) continue;
            if (result.Error.Code != RpcErrorCode.DeadlineExceeded) _lastAnswered = index;
            _recorder.Record(new ClientWriteFailed(_spec.Name, key, result.Error.Message));
            return;
        }

        var error = clock.Elapsed >= _spec.Timeout ? RpcError.DeadlineExceeded : RpcError.ConnectionRefused;
        _recorder.Record(new ClientWriteFailed(_spec.Name, key, error.Message));
    }
}
