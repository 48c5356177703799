namespace EtcdLab.Sim.Raft;

/// <summary>raft's tick-based timing: one tick is --heartbeat-interval; the election timeout is --election-timeout in ticks.</summary>
internal sealed record RaftTiming(long TickMicros, int ElectionTicks, int HeartbeatTicks = 1)
{
    public long ElectionMicros => TickMicros * ElectionTicks;

    public long HeartbeatMicros => TickMicros * HeartbeatTicks;

    public static RaftTiming FromMilliseconds(int heartbeatMs, int electionMs) =>
        new(heartbeatMs * 1000L, Math.Max(1, electionMs / Math.Max(1, heartbeatMs)));
}
