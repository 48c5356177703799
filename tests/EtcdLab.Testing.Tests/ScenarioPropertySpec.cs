using EtcdLab.Core.Faults;
using EtcdLab.Core.Scenarios;
using EtcdLab.Fuzz.Benchmarks;
using EtcdLab.Fuzz.Judging;

namespace EtcdLab.Testing.Tests;

/// <summary>What a team sees from <see cref="ScenarioProperty"/> when its scenario has a weakness: the
/// planted one (it breaks only when m2 is out between steps 3 and 4).</summary>
public sealed class ScenarioPropertySpec : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "etcdlab-testing-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _scenario;

    public ScenarioPropertySpec()
    {
        Directory.CreateDirectory(_folder);
        _scenario = Path.Combine(_folder, "planted-weakness.yaml");
        File.WriteAllText(_scenario, PlantedWeakness.Yaml);
    }

    private ScenarioProperty Planted => ScenarioProperty.For(_scenario).Under(PlantedWeakness.Profile).WithSchedules(400).WithSeed(2)
        .WritingFindingsTo(Path.Combine(_folder, "findings"));

    [Fact]
    public void Failing_property_should_report_the_shrunk_schedule_in_words_as_yaml_and_as_a_run_line()
    {
        var e = Assert.Throws<ScheduleFailedException>(() => Planted.Check());

        Assert.True(PlantedWeakness.IsTheWeaknessAlone(e.Minimal.Schedule), e.Message);
        Assert.Contains("planted-weakness does not survive profile planted", e.Message);
        Assert.Contains("(within tolerance: the runbook breaks within the failures it should tolerate)", e.Message);
        Assert.Matches(@"1\. (kill|isolate) m2 (from the other hosts )?right (after step 3 `wait 12s`|before step 4 `etcdctl endpoint health)", e.Message);
        Assert.Contains($"Reproduce: etcdlab run {_scenario} --faults {e.ScheduleFile} --seed {e.Minimal.RunSeed}", e.Message);
        Assert.Equal(e.Minimal.Schedule, FaultScheduleFile.Load(e.ScheduleFile, ScenarioLoader.LoadFile(_scenario)));
        Assert.Equal([RunJudgement.ProcedureIncomplete], e.Judgement.Broken);
    }

    [Fact]
    public void Same_seed_should_find_and_shrink_the_same_schedule()
    {
        var first = Assert.Throws<ScheduleFailedException>(() => Planted.Check());
        var second = Assert.Throws<ScheduleFailedException>(() => Planted.Check());

        Assert.Equal(first.Minimal.Key, second.Minimal.Key);
        Assert.Equal(first.Message, second.Message);
    }

    [Fact]
    public void Accepted_weakness_should_let_the_property_hold()
    {
        Planted.Accepting(RunJudgement.ProcedureIncomplete, PlantedWeakness.AfterStep + 1, "planted on purpose").Check();
    }

    [Fact]
    public void Weakness_accepted_at_another_step_should_not_hide_it()
    {
        var e = Assert.Throws<ScheduleFailedException>(() => Planted.Accepting(RunJudgement.ProcedureIncomplete, 7, "another step").Check());

        Assert.Equal(4, e.Judgement.StepOf(RunJudgement.ProcedureIncomplete));
    }

    [Fact]
    public void Property_should_plug_into_fscheck_itself()
    {
        var property = ScenarioProperty.For(_scenario).Under(PlantedWeakness.Profile).ToProperty();

        var config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(400)
            .WithReplay(Microsoft.FSharp.Core.FSharpOption<FsCheck.Replay>.Some(new FsCheck.Replay(new FsCheck.Rnd(2), Microsoft.FSharp.Core.FSharpOption<int>.None)));

        var e = Assert.ThrowsAny<Exception>(() => FsCheck.Check.One(config, property));
        Assert.Contains("Falsifiable", e.Message);
        Assert.Contains("m2", e.Message);
    }

    [Fact]
    public void Scenario_that_fails_without_faults_should_be_reported_as_such()
    {
        var broken = PlantedWeakness.Yaml.Replace("    expect:\n      members: 5\n", "    expect:\n      members: 4\n", StringComparison.Ordinal);
        var file = Path.Combine(_folder, "planted-weakness.yaml");
        File.WriteAllText(file, broken);

        var e = Assert.Throws<Core.Exceptions.InputException>(() => ScenarioProperty.For(file).WithSchedules(5).Check());

        Assert.Contains("fails without any fault", e.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
