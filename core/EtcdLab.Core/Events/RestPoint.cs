namespace EtcdLab.Core.Events;

/// <summary>The procedure is at rest: the cluster should be in a steady, safe shape here.</summary>
/// <param name="Label">Why this is a rest point.</param>
public sealed record RestPoint(
    string Label) : RunEvent;
