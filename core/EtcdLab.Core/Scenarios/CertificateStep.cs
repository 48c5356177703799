using EtcdLab.Core.Certificates;

namespace EtcdLab.Core.Scenarios;

/// <summary>Makes a certificate and its key on a host and signs it with a CA whose files lie on the
/// same host, as runbook 000's <c>openssl req -new ... -subj /CN=$CN</c> then <c>openssl ca</c> do.</summary>
/// <param name="Host">The host whose disk holds the CA and gets the files.</param>
/// <param name="Profile">Peer, server or client: the usages (<see cref="CertificateProfile"/>).</param>
/// <param name="Subject">The common name; may hold variables.</param>
/// <param name="SubjectAltNames">The subject alternative names as openssl writes them (<c>IP:${m4.ip}</c>,
/// <c>DNS:etcd0.example.com</c>); may hold variables.</param>
/// <param name="CaCertPath">The signing CA's certificate on <paramref name="Host"/>.</param>
/// <param name="CaKeyPath">The signing CA's key on <paramref name="Host"/>.</param>
/// <param name="CertPath">Where the certificate goes; may hold variables.</param>
/// <param name="KeyPath">Where its key goes; may hold variables.</param>
/// <param name="Validity">How long it is valid from its start.</param>
/// <param name="StartOffset">Its start relative to the moment the step runs (negative: in the past).</param>
public sealed record CertificateStep(
    string Host,
    CertificateProfile Profile,
    string Subject,
    IReadOnlyList<string> SubjectAltNames,
    string CaCertPath,
    string CaKeyPath,
    string CertPath,
    string KeyPath,
    TimeSpan Validity,
    TimeSpan StartOffset) : Step
{
    /// <inheritdoc />
    public override string Describe() =>
        $"certificate {Profile.ToString().ToLowerInvariant()} {Subject} on {Host}: {CertPath} ({string.Join(", ", SubjectAltNames)}) signed by {CaCertPath}";

    /// <inheritdoc />
    public bool Equals(CertificateStep? other) =>
        other is not null && base.Equals(other) && Host == other.Host && Profile == other.Profile && Subject == other.Subject
        && SubjectAltNames.SequenceEqual(other.SubjectAltNames) && CaCertPath == other.CaCertPath && CaKeyPath == other.CaKeyPath
        && CertPath == other.CertPath && KeyPath == other.KeyPath && Validity == other.Validity && StartOffset == other.StartOffset;

    /// <inheritdoc />
    public override int GetHashCode() => base.GetHashCode();
}
