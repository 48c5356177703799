namespace EtcdLab.Core.Events;

/// <summary>Every partition was removed.</summary>
public sealed record PartitionHealed : RunEvent;
