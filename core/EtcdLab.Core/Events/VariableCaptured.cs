namespace EtcdLab.Core.Events;

/// <summary>A value taken from a command's output for later steps.</summary>
/// <param name="Name">Variable name.</param>
/// <param name="Value">Captured value.</param>
public sealed record VariableCaptured(
    string Name,
    string Value) : RunEvent;
