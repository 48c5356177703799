namespace EtcdLab.Core.Certificates;

/// <summary>A certificate to make, with every variable of its step filled in.</summary>
/// <param name="Subject">The common name (<c>/CN=...</c>).</param>
/// <param name="Profile">What it is for; decides its extended key usages.</param>
/// <param name="IpAddresses">IP subject alternative names (<c>IP:127.0.1.4</c>).</param>
/// <param name="DnsNames">DNS subject alternative names (<c>DNS:etcd0.example.com</c>).</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="Serial">The serial number (derived from the run's seed, see <see cref="CertificateFactory"/>).</param>
public sealed record CertificateRequestSpec(
    string Subject,
    CertificateProfile Profile,
    IReadOnlyList<string> IpAddresses,
    IReadOnlyList<string> DnsNames,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    byte[] Serial)
{
    /// <inheritdoc />
    public bool Equals(CertificateRequestSpec? other) =>
        other is not null && Subject == other.Subject && Profile == other.Profile && IpAddresses.SequenceEqual(other.IpAddresses)
        && DnsNames.SequenceEqual(other.DnsNames) && NotBefore == other.NotBefore && NotAfter == other.NotAfter && Serial.AsSpan().SequenceEqual(other.Serial);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Subject, Profile, NotBefore, NotAfter);
}
