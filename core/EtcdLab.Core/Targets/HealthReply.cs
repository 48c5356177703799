namespace EtcdLab.Core.Targets;

/// <summary>Outcome of the health check of one endpoint (<c>etcdctl endpoint health</c>).</summary>
/// <param name="Endpoint">The client URL checked.</param>
/// <param name="Healthy">True when a linearizable read committed.</param>
/// <param name="Took">How long the check took.</param>
/// <param name="Error">etcd's error text when unhealthy, for example <c>context deadline exceeded</c>.</param>
public sealed record HealthReply(string Endpoint, bool Healthy, TimeSpan Took, string? Error);
