using EtcdLab.Core.Faults;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Fuzz.Generation;

/// <summary>Fault schedules in an operator's words, with the runbook step each fault is placed around:
/// <c>kill m1 right after step 8 `etcdctl member add m4 ... (on m1)`, restart it 2s later</c>.</summary>
public static class ScheduleWords
{
    /// <summary><paramref name="fault"/> in words, naming its step's text.</summary>
    public static string Describe(Fault fault, Scenario scenario)
    {
        var text = fault.Describe();
        var step = $"step {fault.At.Step}";
        var at = text.IndexOf(step + (fault.At.Offset == TimeSpan.Zero ? "," : " "), StringComparison.Ordinal);
        if (at < 0 || fault.At.Step < 1 || fault.At.Step > scenario.Steps.Count) return text;
        var end = at + step.Length;
        return $"{text[..end]} `{scenario.Steps[fault.At.Step - 1].Describe()}`{text[end..]}";
    }

    /// <summary>Every fault of <paramref name="schedule"/> in words, one per line, numbered.</summary>
    public static string Describe(FaultSchedule schedule, Scenario scenario) =>
        schedule.Faults.Count == 0
            ? "no fault"
            : string.Join(Environment.NewLine, schedule.Faults.Select((f, i) => $"{i + 1}. {Describe(f, scenario)}"));
}
