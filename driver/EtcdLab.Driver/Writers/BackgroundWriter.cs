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
/// (about <c>MaxWrites * max(Interval, Timeout)</c>). Each write follows <see cref="WriteCourse"/>,
/// the rules every writer of both targets shares, in wall time.
/// </summary>
internal sealed class BackgroundWriter
{
    private readonly WriterSpec _spec;
    private readonly Func<string, string> _endpointOf;
    private readonly EtcdRpc _rpc;
    private readonly IRunRecorder _recorder;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = new();
    private Task _loop = Task.CompletedTask;
    private int _lastAnswered;

    public BackgroundWriter(WriterSpec spec, Func<string, string> endpointOf, EtcdRpc rpc, IRunRecorder recorder)
    {
        _spec = spec;
        _endpointOf = endpointOf;
        _rpc = rpc;
        _recorder = recorder;
    }

    public bool IsRunning => !_loop.IsCompleted;

    public void Start()
    {
        _clock.Start();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Stops scheduling writes and waits for the write in flight (bounded by its timeout).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    private async Task RunAsync()
    {
        for (var n = 1; n <= _spec.MaxWrites; n++)
        {
            var due = _spec.Interval * (n - 1) - _clock.Elapsed;
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
        var course = new WriteCourse(_spec, _lastAnswered, _clock.Elapsed);
        while (true)
        {
            var move = course.Next(_clock.Elapsed);
            switch (move.Kind)
            {
                case WriteMoveKind.GiveUp:
                    _recorder.Record(new ClientWriteFailed(_spec.Name, key, move.Error!));
                    return;
                case WriteMoveKind.Pause:
                    await Task.Delay(move.Wait);
                    continue;
            }
            var host = _spec.Hosts[move.HostIndex];
            // The write in flight is not cancelled by a stop: it ends by its own timeout.
            var result = await _rpc.PutAsync(_endpointOf(host), key, value, move.Wait, CancellationToken.None);
            if (result.IsOk)
            {
                _lastAnswered = move.HostIndex;
                _recorder.Record(new ClientWriteAcknowledged(_spec.Name, host, key, value, result.Value.Header.Revision));
                return;
            }
            course.Failed(result.Error);
        }
    }
}
