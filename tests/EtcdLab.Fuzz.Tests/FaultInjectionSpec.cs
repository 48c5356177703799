using EtcdLab.Core.Events;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Profiles;
using EtcdLab.Fuzz.Running;

namespace EtcdLab.Fuzz.Tests;

/// <summary>What the fuzzer found in fault injection itself.</summary>
public sealed class FaultInjectionSpec
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Faults_still_in_force_when_the_procedure_ends_should_all_be_undone()
    {
        // Found by the fuzzer: two faults in force at the end made the injector sort faults that do not sort, and the run aborted.
        var runner = new CaseRunner(Repo.P1) { KeepEvents = true };
        var c = new FuzzCase(new Core.Faults.FaultSchedule(Repo.P1.Name,
        [
            new Core.Faults.Fault(Core.Faults.FaultKind.Pause, Core.Faults.FaultTarget.Named("m4"), new Core.Faults.FaultPlacement(true, 12, TimeSpan.Zero), null),
            new Core.Faults.Fault(Core.Faults.FaultKind.Partition, Core.Faults.FaultTarget.Named("m2"), new Core.Faults.FaultPlacement(true, 12, TimeSpan.Zero), null),
        ]), 5, FaultProfiles.Harsh);

        var result = await runner.RunAsync(c, Ct);

        Assert.DoesNotContain(result.Events!, e => e is RunAborted);
        Assert.Equal([1, 2], result.Events!.OfType<FaultUndone>().Select(u => u.Fault));
    }
}
