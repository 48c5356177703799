namespace EtcdLab.Sim.Server;

/// <summary>A request the server layer proposes through raft as a normal entry.</summary>
internal abstract record ServerRequest(ulong RequestId);

/// <summary>A key-value Put.</summary>
internal sealed record PutRequest(ulong RequestId, string Key, string Value) : ServerRequest(RequestId);

/// <summary>The member publishing its name and client URLs (etcd's PUT of /0/members/&lt;id&gt;/attributes).</summary>
internal sealed record PublishRequest(ulong RequestId, ulong MemberId, string Name, IReadOnlyList<string> ClientUrls) : ServerRequest(RequestId);

/// <summary>The leader setting the cluster version (etcd's PUT of /0/version from updateClusterVersion).</summary>
internal sealed record ClusterVersionRequest(ulong RequestId, string Version) : ServerRequest(RequestId);
