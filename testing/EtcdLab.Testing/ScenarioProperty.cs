using EtcdLab.Core.Faults;
using EtcdLab.Core.Scenarios;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Judging;
using EtcdLab.Fuzz.Profiles;
using EtcdLab.Fuzz.Running;
using EtcdLab.Fuzz.Shrinking;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace EtcdLab.Testing;

/// <summary>
/// "This scenario survives any fault schedule of this profile", as an FsCheck property a team states
/// in its own test suite:
/// <code>
/// [Fact]
/// public void ReplaceMember_should_survive_one_crash_or_partition() =>
///     ScenarioProperty.For("scenarios/replace-failed-member.yaml").Check();
/// </code>
/// FsCheck draws schedules from the scenario's steps, hosts and roles under the profile (default:
/// <see cref="FaultProfiles.Default"/>), runs each on the simulator with its own seed, and when one breaks
/// a promised invariant or stops the procedure, shrinks it with EtcdLab's domain shrinker. <see cref="Check"/>
/// then throws a <see cref="ScheduleFailedException"/> that states the shrunk schedule in words, writes it as
/// YAML and gives the <c>etcdlab run ... --faults</c> line that reproduces it. Immutable: each <c>WithX</c>
/// returns a new property.
/// </summary>
public sealed record ScenarioProperty
{
    private ScenarioProperty(Scenario scenario) => Scenario = scenario;

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>The fault profile schedules are drawn under.</summary>
    public FaultProfile Profile { get; init; } = FaultProfiles.Default;

    /// <summary>How many schedules FsCheck tries (shrinking runs come on top).</summary>
    public int Schedules { get; init; } = 100;

    /// <summary>The seed FsCheck starts from: the same seed tries the same schedules with the same run seeds.
    /// Default: <c>ETCDLAB_FUZZ_SEED</c> when set, else 1, so a CI run is repeatable.</summary>
    public ulong Seed { get; init; } = SeedFromEnvironment();

    /// <summary>Where a failing property writes the shrunk schedule (default: <c>etcdlab-findings</c> in the temp folder).</summary>
    public string FindingsFolder { get; init; } = Path.Combine(Path.GetTempPath(), "etcdlab-findings");

    /// <summary>Decides failure and tolerance (default <see cref="ToleranceJudge"/>).</summary>
    public IRunJudge Judge { get; init; } = ToleranceJudge.Instance;

    /// <summary>Failures accepted for now (see <see cref="KnownWeakness"/>).</summary>
    public IReadOnlyList<KnownWeakness> Known { get; init; } = [];

    /// <summary>The property of the scenario file at <paramref name="scenarioFile"/>.</summary>
    /// <exception cref="Core.Exceptions.EtcdLabException">The file is missing or malformed (the message says where).</exception>
    public static ScenarioProperty For(string scenarioFile) => new(ScenarioLoader.LoadFile(scenarioFile));

    /// <summary>The property of a scenario already loaded.</summary>
    public static ScenarioProperty For(Scenario scenario) => new(scenario);

    /// <summary>Schedules drawn under <paramref name="profile"/>.</summary>
    public ScenarioProperty Under(FaultProfile profile) => this with { Profile = profile };

    /// <summary>Schedules drawn under the profile file at <paramref name="profileFile"/> (or a shipped profile's name).</summary>
    public ScenarioProperty Under(string profileFile) => this with { Profile = FaultProfiles.Resolve(profileFile) };

    /// <summary>Tries <paramref name="count"/> schedules.</summary>
    public ScenarioProperty WithSchedules(int count) => this with { Schedules = count >= 1 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "try at least one schedule") };

    /// <summary>Starts FsCheck from <paramref name="seed"/>.</summary>
    public ScenarioProperty WithSeed(ulong seed) => this with { Seed = seed };

    /// <summary>Writes shrunk schedules into <paramref name="folder"/>.</summary>
    public ScenarioProperty WritingFindingsTo(string folder) => this with { FindingsFolder = folder };

    /// <summary>Judges runs with <paramref name="judge"/>.</summary>
    public ScenarioProperty JudgedBy(IRunJudge judge) => this with { Judge = judge };

    /// <summary>Accepts, for now, runs that fail only by breaking <paramref name="broken"/> (at <paramref name="step"/>, or anywhere).</summary>
    public ScenarioProperty Accepting(string broken, int? step, string why) => this with { Known = [.. Known, new KnownWeakness(broken, step, why)] };

    /// <summary>
    /// The property as FsCheck sees it: for every case of the profile's generator (shrunk by
    /// <see cref="ScheduleShrinker"/>), the run on the simulator does not fail within what the profile
    /// counts. Check it yourself with FsCheck's <c>Check</c>, or call <see cref="Check"/>, which reports better.
    /// </summary>
    public Property ToProperty() => ToProperty(Space(), out _);

    /// <summary>
    /// Checks the property: returns when every schedule passes; otherwise throws a
    /// <see cref="ScheduleFailedException"/> with the shrunk schedule in words, the YAML file it wrote and
    /// the line that reproduces it.
    /// </summary>
    /// <exception cref="ScheduleFailedException">A schedule broke the scenario.</exception>
    /// <exception cref="Core.Exceptions.InputException">The scenario fails without any fault, or the profile asks for faults the simulator cannot strike.</exception>
    public void Check()
    {
        var space = Space();
        var property = ToProperty(space, out var runner);
        var capture = new CapturingRunner();
        var config = Config.Quick
            .WithMaxTest(Schedules)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(Seed), FSharpOption<int>.None)))
            .WithQuietOnSuccess(true)
            .WithRunner(capture);
        FsCheck.Check.One(config, property);
        if (capture.Error is { } error) throw error;
        if (capture.Result is not TestResult.Failed failed) return;

        var minimal = (FuzzCase)failed.Item3.Head;
        var judgement = runner.RunAsync(minimal, CancellationToken.None).GetAwaiter().GetResult().Judgement;
        Directory.CreateDirectory(FindingsFolder);
        var file = Path.Combine(FindingsFolder, $"{Scenario.Name}-seed{Seed}-case{failed.Item1.NumberOfTests}.min.yaml");
        File.WriteAllText(file, $"# shrunk by EtcdLab.Testing from case {failed.Item1.NumberOfTests} of seed {Seed}, profile {minimal.Profile.Describe()}{Environment.NewLine}"
                                + $"# breaks: {judgement.BrokenText} ({judgement.ToleranceText}); reproduce with --seed {minimal.RunSeed}{Environment.NewLine}"
                                + FaultScheduleFile.Write(minimal.Schedule));
        var reproduce = $"etcdlab run {Scenario.File} --faults {file} --seed {minimal.RunSeed}";
        var tolerance = judgement.WithinTolerance
            ? "within tolerance: the runbook breaks within the failures it should tolerate"
            : "beyond tolerance: the schedule took out more members than the cluster tolerates";
        var message = string.Join(Environment.NewLine,
            $"{Scenario.Name} does not survive profile {Profile.Name}: schedule {failed.Item1.NumberOfTests} of {Schedules} (seed {Seed}) breaks {judgement.BrokenText} ({tolerance}).",
            $"Shrunk in {failed.Item1.NumberOfShrinks} step(s) to:",
            Indent(ScheduleWords.Describe(minimal.Schedule, Scenario)),
            $"What broke: {judgement.Why}",
            $"Schedule:  {file}",
            $"Reproduce: {reproduce}",
            $"As found:  {ScheduleWords.Describe(((FuzzCase)failed.Item2.Head).Schedule, Scenario).ReplaceLineEndings("; ")}");
        throw new ScheduleFailedException(message, minimal, judgement, file, reproduce);
    }

    private ScheduleSpace Space() => ScheduleSpace.ExploreAsync(Scenario, Seed, CancellationToken.None).GetAwaiter().GetResult();

    private Property ToProperty(ScheduleSpace space, out CaseRunner runner)
    {
        var caseRunner = runner = new CaseRunner(Scenario, Judge);
        var known = Known;
        var arbitrary = Arb.From(new ScheduleGenerator(space).Cases(Profile), new ScheduleShrinker(space).Shrink);
        return Prop.ForAll(arbitrary, (FuzzCase c) =>
        {
            var result = caseRunner.RunAsync(c, CancellationToken.None).GetAwaiter().GetResult();
            return result.Verdict != CaseVerdict.Failed || KnownWeakness.Covers(known, result.Judgement);
        });
    }

    private static string Indent(string lines) => "  " + lines.ReplaceLineEndings(Environment.NewLine + "  ");

    private static ulong SeedFromEnvironment() =>
        ulong.TryParse(Environment.GetEnvironmentVariable("ETCDLAB_FUZZ_SEED"), out var seed) ? seed : 1;

    /// <summary>Keeps FsCheck's result and prints nothing; an input error inside the property (a profile the
    /// simulator cannot run) is kept to be rethrown as itself, not as a counterexample.</summary>
    private sealed class CapturingRunner : IRunner
    {
        public TestResult? Result { get; private set; }

        public Exception? Error { get; private set; }

        public void OnStartFixture(Type t)
        {
        }

        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
        {
        }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
        {
        }

        public void OnFinished(string name, TestResult testResult)
        {
            Result = testResult;
            if (testResult is TestResult.Failed { Item4: var outcome } && outcome is Outcome.Failed { Item: Core.Exceptions.EtcdLabException { IsInputError: true } e })
                Error = e;
        }
    }
}
