namespace EtcdLab.Core.Scenarios;

/// <summary>Makes a self-signed CA on a host, as an installer (or <c>openssl req -x509</c>) does: a
/// certificate and its key, PEM files at the given paths.</summary>
/// <param name="Host">The host whose disk gets the files (where <c>openssl</c> runs).</param>
/// <param name="Subject">The CA's common name.</param>
/// <param name="CertPath">Where the certificate goes (<c>/etc/etcd/ca.crt</c>).</param>
/// <param name="KeyPath">Where its key goes (<c>/etc/etcd/ca/ca.key</c>).</param>
/// <param name="Validity">How long it is valid from its start.</param>
/// <param name="StartOffset">Its start relative to the moment the step runs (negative: in the past).</param>
public sealed record CertificateAuthorityStep(
    string Host,
    string Subject,
    string CertPath,
    string KeyPath,
    TimeSpan Validity,
    TimeSpan StartOffset) : Step
{
    /// <inheritdoc />
    public override string Describe() => $"certificate-authority {Subject} on {Host}: {CertPath}, {KeyPath}";
}
