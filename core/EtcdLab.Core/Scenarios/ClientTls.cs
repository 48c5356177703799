namespace EtcdLab.Core.Scenarios;

/// <summary>The operator's etcdctl credentials, which the harness uses for its own client calls
/// (observations, writers, the calls behind etcdctl steps) when members serve clients over https:
/// files on a host, read once the cluster's <c>setup:</c> has made them.</summary>
/// <param name="Host">The host that holds the files.</param>
/// <param name="CaCertPath">The CA the client trusts (etcdctl's <c>--cacert</c>).</param>
/// <param name="CertPath">The client certificate (<c>--cert</c>).</param>
/// <param name="KeyPath">Its key (<c>--key</c>).</param>
public sealed record ClientTls(string Host, string CaCertPath, string CertPath, string KeyPath);
