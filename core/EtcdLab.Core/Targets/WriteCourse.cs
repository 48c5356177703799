namespace EtcdLab.Core.Targets;

/// <summary>
/// The course of one client write, as <see cref="WriterSpec"/> describes it, written once for every
/// client that writes (the simulator's and the Docker lab's background writers, and the runner's
/// <c>writes:</c> batches): hosts in order from the one that acknowledged the previous write, the
/// next host after any error or after <see cref="WriterSpec.AttemptTimeout"/> without an answer, a
/// pause of <see cref="WriterSpec.RoundBackoff"/> after a round in which every host failed, and a
/// failure once <see cref="WriterSpec.Timeout"/> has passed since the write began, with the last
/// error etcd itself gave (<c>context deadline exceeded</c> when no member answered).
/// </summary>
/// <remarks>The caller owns time: it asks <see cref="Next"/> with the current time, does what it
/// says (in virtual or in wall time), and reports each failed attempt with <see cref="Failed"/>.</remarks>
public sealed class WriteCourse
{
    private readonly WriterSpec _spec;
    private readonly int _firstHost;
    private readonly TimeSpan _deadline;
    private int _attempts;
    private int _pausedRound;
    private RpcError? _answered;

    /// <summary>Begins a write at <paramref name="now"/>, trying <paramref name="firstHost"/> first.</summary>
    public WriteCourse(WriterSpec spec, int firstHost, TimeSpan now)
    {
        if (spec.Hosts.Count == 0) throw new ArgumentException($"writer {spec.Name} has no hosts", nameof(spec));
        _spec = spec;
        _firstHost = firstHost;
        _deadline = now + spec.Timeout;
    }

    /// <summary>What to do at <paramref name="now"/>: try a host (with how long to wait for it), pause, or give up.</summary>
    public WriteMove Next(TimeSpan now)
    {
        var left = _deadline - now;
        if (left <= TimeSpan.Zero) return new WriteMove(WriteMoveKind.GiveUp, -1, TimeSpan.Zero, (_answered ?? RpcError.DeadlineExceeded).Message);
        var hosts = _spec.Hosts.Count;
        var round = _attempts / hosts;
        if (round > 0 && _attempts % hosts == 0 && _pausedRound < round)
        {
            _pausedRound = round;
            return new WriteMove(WriteMoveKind.Pause, -1, Min(WriterSpec.RoundBackoff, left), null);
        }
        var index = (_firstHost + _attempts) % hosts;
        _attempts++;
        return new WriteMove(WriteMoveKind.Try, index, Min(_spec.AttemptTimeout, left), null);
    }

    /// <summary>An attempt failed with <paramref name="error"/>; an error etcd itself answered (not a
    /// refused connection or an attempt that timed out) is what the write fails with if no host acknowledges it.</summary>
    public void Failed(RpcError error)
    {
        if (!error.IsConnectionRefused && error.Code != RpcErrorCode.DeadlineExceeded) _answered = error;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
