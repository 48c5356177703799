namespace EtcdLab.Core.Events;

/// <summary>A certificate and its key were written to a host (a <c>certificate-authority</c> or
/// <c>certificate</c> step). Records what TLS checks of it and nothing random: the key and the
/// signature (so the fingerprint) differ from run to run, the serials are derived from the seed.</summary>
/// <param name="Host">The host whose disk got the files.</param>
/// <param name="CertPath">The certificate's path.</param>
/// <param name="KeyPath">Its key's path.</param>
/// <param name="Profile"><c>ca</c>, <c>peer</c>, <c>server</c> or <c>client</c>.</param>
/// <param name="Subject">The common name.</param>
/// <param name="SubjectAltNames">The SANs as openssl prints them: <c>IP:127.0.1.4</c>, <c>DNS:m4</c>.</param>
/// <param name="Usages">Extended key usages: <c>serverAuth</c>, <c>clientAuth</c> (none for a CA).</param>
/// <param name="NotBefore">Start of validity, on the target's clock.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="Serial">Serial number, hex.</param>
/// <param name="Issuer">The issuing CA's common name (its own for a CA).</param>
/// <param name="IssuerSerial">The issuing CA's serial (its own for a CA): which CA signed it.</param>
public sealed record CertificateIssued(
    string Host,
    string CertPath,
    string KeyPath,
    string Profile,
    string Subject,
    IReadOnlyList<string> SubjectAltNames,
    IReadOnlyList<string> Usages,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Serial,
    string Issuer,
    string IssuerSerial) : RunEvent
{
    /// <summary>The profile of a CA.</summary>
    public const string AuthorityProfile = "ca";

    /// <summary>True for a CA's own certificate.</summary>
    public bool IsAuthority => Profile == AuthorityProfile;

    /// <inheritdoc />
    public bool Equals(CertificateIssued? other) =>
        other is not null && base.Equals(other) && Host == other.Host && CertPath == other.CertPath && KeyPath == other.KeyPath
        && Profile == other.Profile && Subject == other.Subject && SubjectAltNames.SequenceEqual(other.SubjectAltNames)
        && Usages.SequenceEqual(other.Usages) && NotBefore == other.NotBefore && NotAfter == other.NotAfter
        && Serial == other.Serial && Issuer == other.Issuer && IssuerSerial == other.IssuerSerial;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Serial);
}
