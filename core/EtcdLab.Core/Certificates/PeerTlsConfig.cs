namespace EtcdLab.Core.Certificates;

/// <summary>What a member's peer side presents and trusts, read from its host's files when etcd starts
/// (<c>--peer-cert-file</c>, <c>--peer-trusted-ca-file</c>, <c>--peer-client-cert-auth</c>).</summary>
/// <param name="CertificatePem">The peer certificate, or null when the flag is unset or the file missing.</param>
/// <param name="TrustedCaPem">The trusted CA, or null likewise.</param>
/// <param name="ClientCertAuth">Whether the member asks dialling peers for a certificate it trusts.</param>
public sealed record PeerTlsConfig(string? CertificatePem, string? TrustedCaPem, bool ClientCertAuth);
