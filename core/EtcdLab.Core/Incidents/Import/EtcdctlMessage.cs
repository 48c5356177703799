namespace EtcdLab.Core.Incidents.Import;

/// <summary>Another line etcdctl or etcd prints as a command's answer: <c>Added member named ... with ID ...</c>,
/// <c>Member ... added to cluster ...</c>, <c>cluster is healthy</c>, <c>Error: ...</c>, a version block.</summary>
/// <param name="Raw">The line as written.</param>
/// <param name="Prefix">Its wrapper.</param>
/// <param name="Text">The line without its wrapper.</param>
public sealed record EtcdctlMessage(RawLine Raw, LinePrefix Prefix, string Text) : ImportedLine(Raw, Prefix, null);
