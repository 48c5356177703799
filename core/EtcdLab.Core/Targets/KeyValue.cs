namespace EtcdLab.Core.Targets;

/// <summary>One key as Range returns it.</summary>
public sealed record KeyValue(string Key, string Value, long CreateRevision, long ModRevision, long Version);
