namespace EtcdLab.Core.Targets;

/// <summary>The kinds of <see cref="WriteMove"/>.</summary>
public enum WriteMoveKind
{
    /// <summary>Send the write to one host and wait for its answer.</summary>
    Try,

    /// <summary>Every host failed in this round: pause before the next.</summary>
    Pause,

    /// <summary>The write's deadline passed: record it as failed.</summary>
    GiveUp,
}
