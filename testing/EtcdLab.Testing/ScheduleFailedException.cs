using EtcdLab.Core.Exceptions;
using EtcdLab.Fuzz.Generation;
using EtcdLab.Fuzz.Judging;

namespace EtcdLab.Testing;

/// <summary>A scenario did not survive a schedule of its profile. The message holds the shrunk schedule in
/// words, where its YAML was written, and the <c>etcdlab run ... --faults</c> line that reproduces it.</summary>
public sealed class ScheduleFailedException(string message, FuzzCase minimal, RunJudgement judgement, string scheduleFile, string reproduce)
    : EtcdLabException(message)
{
    /// <summary>The shrunk case: schedule and run seed.</summary>
    public FuzzCase Minimal { get; } = minimal;

    /// <summary>What its run showed.</summary>
    public RunJudgement Judgement { get; } = judgement;

    /// <summary>The shrunk schedule's YAML file.</summary>
    public string ScheduleFile { get; } = scheduleFile;

    /// <summary>The command that reproduces the failure on the simulator.</summary>
    public string Reproduce { get; } = reproduce;
}
