using EtcdLab.Fuzz.Judging;
using Xunit.Abstractions;

namespace EtcdLab.Testing.Tests;

/// <summary>
/// Every procedure, P1 to P8, under the default profile (one crash or one partition, within
/// tolerance): the project's own use of <see cref="ScenarioProperty"/>, as a team would write it.
/// 200 schedules each from a fixed seed (about 1-3 s per scenario on this 2-core machine; the
/// eight together well under a minute). Weaknesses the fuzzer found and the runbooks still have are
/// accepted by name, with the finding, so that every other failure still fails the test.
/// </summary>
public sealed class ProcedurePropertiesSpec(ITestOutputHelper output)
{
    private const int Schedules = 200;

    private static string File(string name) => Path.Combine(Repo.Root, "scenarios", name);

    private void Holds(ScenarioProperty property)
    {
        try
        {
            property.WithSchedules(Schedules).WithSeed(1).Check();
        }
        catch (ScheduleFailedException e)
        {
            output.WriteLine(e.Message);
            throw;
        }
    }

    private const string Once = "checks once, without retry, a member the fault holds out at that moment (finding: give the step a retry)";

    [Theory]
    [InlineData("restore-quorum-force-new-cluster.yaml")]
    [InlineData("restore-from-snapshot.yaml")]
    [InlineData("lost-majority-masters.yaml")]
    [InlineData("force-new-cluster-after-total-failure.yaml")]
    public void Procedure_should_survive_one_crash_or_partition_within_tolerance(string scenario) =>
        Holds(ScenarioProperty.For(File(scenario)));

    [Fact]
    public void ReplaceFailedMember_should_survive_one_crash_or_partition_but_its_final_health_check() =>
        Holds(ScenarioProperty.For(File("replace-failed-member.yaml"))
            .Accepting(RunJudgement.ProcedureIncomplete, 11, "`endpoint health` of m1, m2, m4 " + Once));

    [Fact]
    public void ScaleUp_should_survive_one_crash_or_partition_but_its_known_weak_spots() =>
        Holds(ScenarioProperty.For(File("scale-up.yaml"))
            .Accepting(RunJudgement.ProcedureIncomplete, 19, "`endpoint health --cluster` " + Once)
            .Accepting("quorum-kept", 13, "`member add m4` is issued while a member the fault killed is still down (etcd's strict check refuses it; the runbook does not check health first)")
            .Accepting(RunJudgement.ProcedureIncomplete, 16, "`member add m5` runs out of retries while the newest member is down")
            .Accepting(RunJudgement.ProcedureIncomplete, 18, "m5 started while isolated never joins, and nothing restarts it")
            .Accepting("odd-members-at-rest", null, "follows from the procedure stopping with four members")
            .Accepting("final-membership", null, "follows from the procedure stopping before m5 joined"));

    [Fact]
    public void IpChangeOnline_should_survive_one_crash_or_partition_but_its_unretried_steps() =>
        Holds(ScenarioProperty.For(File("ip-change-online.yaml"))
            .Accepting(RunJudgement.ProcedureIncomplete, null, "several etcdctl and expect-cluster steps " + Once)
            .Accepting("final-membership", null, "follows from the procedure stopping before its `member update`"));

    [Fact]
    public void IpChangeOffline_should_survive_one_crash_or_partition_but_its_last_checks() =>
        Holds(ScenarioProperty.For(File("ip-change-offline.yaml"))
            .Accepting(RunJudgement.ProcedureIncomplete, 20, "`member list` on m1 " + Once)
            .Accepting(RunJudgement.ProcedureIncomplete, 21, "`get` of the last written key " + Once));
}
