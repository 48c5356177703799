namespace EtcdLab.Core.Targets;

/// <summary>The TLS credentials the harness's own clients present to https client ports: the CA
/// they trust and a client certificate with its key, PEM text as read from a host's files.</summary>
/// <param name="CaPem">The trusted CA certificate(s).</param>
/// <param name="CertPem">The client certificate.</param>
/// <param name="KeyPem">Its private key.</param>
public sealed record ClientCredentials(string CaPem, string CertPem, string KeyPem)
{
    /// <summary>Keeps the key out of logs and exception texts.</summary>
    public override string ToString() => "ClientCredentials { CA, certificate, key }";
}
