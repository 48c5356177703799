using EtcdLab.Core.Targets;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Tests;

/// <summary>
/// An observation takes virtual time as one takes real time on the Docker target: the engine's
/// answer about every process, then a Status and a MemberList call to each serving member, all hosts
/// at once. Measured on the Docker lab (2026-12-02, 3-4 hosts): 4-12 ms per observation when members
/// serve (median about 7 ms on a quiet machine), an expect-cluster step that holds at once 4-12 ms.
/// </summary>
public sealed class ObservationTimeSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Fixed client delays, so that a round trip has one length.</summary>
    private static readonly SimulationOptions Fixed = new() { ClientDelayMinMicros = 300, ClientDelayMaxMicros = 300 };

    private static async Task<long> ObserveMicrosAsync(SimCluster c)
    {
        var before = c.Target.Now;
        await c.ObserveAsync();
        return (c.Target.Now - before).Ticks / 10;
    }

    [Fact]
    public async Task An_observation_of_serving_members_should_take_the_state_query_and_one_call_round_trip()
    {
        await using var c = await SimCluster.CreateAsync(3, options: Fixed);
        await c.BootstrapAsync(3);
        Assert.Equal(Fixed.ObserveProcessStateMicros + 2 * 300 + Fixed.ObserveCallMicros, await ObserveMicrosAsync(c));
    }

    [Fact]
    public async Task An_observation_with_no_serving_member_should_take_only_the_state_query()
    {
        await using var c = await SimCluster.CreateAsync(3, options: Fixed);
        Assert.Equal(Fixed.ObserveProcessStateMicros, await ObserveMicrosAsync(c));
    }

    [Fact]
    public async Task An_observation_right_after_a_start_should_wait_until_the_booting_member_serves()
    {
        await using var c = await SimCluster.CreateAsync(3, options: Fixed);
        await c.BootstrapAsync(3);
        await c.Target.StopAsync("m3", Ct);
        await c.Target.StartAsync("m3", SimCluster.Flags(3, SimCluster.InitialCluster([1, 2, 3])), Ct);
        var took = await ObserveMicrosAsync(c);
        Assert.True((await c.ObserveAsync())["m3"].Serving);
        Assert.InRange(took, Fixed.ProcessBootMicros, Fixed.ObserveAnswerTimeoutMicros);
    }

    [Fact]
    public async Task A_member_that_exits_while_it_is_called_should_show_as_running_without_an_answer()
    {
        await using var c = await SimCluster.CreateAsync(1, options: Fixed);
        await c.Target.StartAsync("m1", SimCluster.Flags(1, SimCluster.InitialCluster([2])), Ct); // exits at boot: m1 is not in its initial cluster
        var first = (await c.ObserveAsync())["m1"];
        Assert.Equal(ProcessState.Running, first.Process);
        Assert.False(first.Serving);
        Assert.Single(c.Events<Core.Events.ProcessExited>());
        Assert.Equal(ProcessState.Exited, (await c.ObserveAsync())["m1"].Process);
    }

    [Fact]
    public async Task Killed_and_paused_members_should_not_be_called_while_the_others_are()
    {
        await using var c = await SimCluster.CreateAsync(4, options: Fixed);
        await c.BootstrapAsync(4);
        await c.Target.KillAsync("m4", Ct);
        await c.Target.PauseAsync("m3", Ct);
        var o = await c.ObserveAsync();
        Assert.Equal(ProcessState.Paused, o["m3"].Process);
        Assert.Equal(Fixed.ObserveProcessStateMicros + 2 * 300 + Fixed.ObserveCallMicros, await ObserveMicrosAsync(c));
    }

    [Fact]
    public async Task Observation_times_should_vary_with_the_client_delays_and_repeat_per_seed()
    {
        async Task<long[]> DurationsAsync(ulong seed)
        {
            await using var c = await SimCluster.CreateAsync(3, seed);
            await c.BootstrapAsync(3);
            var durations = new long[20];
            for (var i = 0; i < durations.Length; i++) durations[i] = await ObserveMicrosAsync(c);
            return durations;
        }

        var first = await DurationsAsync(7);
        Assert.Equal(first, await DurationsAsync(7));
        Assert.True(first.Distinct().Count() > 1, "every observation took the same time: " + string.Join(", ", first));
        var options = new SimulationOptions();
        Assert.All(first, d => Assert.InRange(d,
            options.ObserveProcessStateMicros + 2 * options.ClientDelayMinMicros + options.ObserveCallMicros,
            options.ObserveProcessStateMicros + 2 * options.ClientDelayMaxMicros + options.ObserveCallMicros));
    }

    [Theory]
    [InlineData(4_000, 1_000, 0, true)]
    [InlineData(0, 0, 300_000, true)]
    [InlineData(0, 0, 0, false)]
    public async Task What_a_member_logs_while_it_is_observed_should_be_recorded_before_the_observation_returns(
        long stateMicros, long callMicros, long heldMicros, bool logged)
    {
        // m2 boots 2 ms after its start returns, bootstraps a cluster of its own and dials m1, which
        // logs the cluster ID mismatch: during the observation that follows the start when observing
        // takes time (or waits for the booting member's answer), only later (in the next step of a
        // scenario) when it takes none.
        var options = Fixed with
        {
            ProcessBootMicros = 2_000, ObserveProcessStateMicros = stateMicros, ObserveCallMicros = callMicros, ObserveAnswerTimeoutMicros = heldMicros,
        };
        await using var c = await SimCluster.CreateAsync(2, options: options);
        await c.BootstrapAsync(1);
        await c.Target.StartAsync("m2", SimCluster.Flags(2, SimCluster.InitialCluster([1, 2])), Ct);
        await c.ObserveAsync();
        Assert.Equal(logged, c.Events<Core.Events.MemberLogged>().Any(e => e.Kind == Core.Events.MemberLogKind.ClusterIdMismatch));
    }
}
