namespace EtcdLab.Core.Events;

/// <summary>A range of steps, both ends included.</summary>
public sealed record StepWindow(int From, int To)
{
    /// <summary>True when <paramref name="step"/> lies in the window.</summary>
    public bool Contains(int step) => step >= From && step <= To;
}
