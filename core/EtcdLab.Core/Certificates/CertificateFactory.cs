using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EtcdLab.Core.Certificates;

/// <summary>
/// Makes the PEM files runbook 000 makes with <c>openssl req</c> and <c>openssl ca</c>: a self-signed
/// CA, and certificates it signs with chosen subject alternative names, validity and usages. Built on
/// <see cref="CertificateRequest"/>; nothing of X.509 is written by hand.
/// </summary>
/// <remarks>
/// <para>Keys are ECDSA P-256 (etcd 3.4 and Go's TLS take them as they take RSA; generating one takes
/// well under a millisecond where an RSA-2048 key takes tens, and a scenario makes a dozen).</para>
/// <para>Determinism: .NET draws keys and ECDSA signatures from the operating system's generator and
/// cannot be seeded, so the key and the signature (and hence the certificate's fingerprint) differ
/// from run to run. Everything else is chosen: the serial number is derived from the run's seed and
/// the file's place (<see cref="Serial"/>), and the validity from the target's clock (virtual on the
/// simulator). The events record only those chosen facts (subject, SANs, usages, validity, serial,
/// the issuing CA's serial), so one seed still gives one event log; the random parts stay in the
/// files, where only TLS looks at them.</para>
/// </remarks>
public static class CertificateFactory
{
    /// <summary>A self-signed CA named <paramref name="subject"/>, valid from <paramref name="notBefore"/>
    /// to <paramref name="notAfter"/>: basicConstraints CA:TRUE, keyCertSign and cRLSign, as
    /// OpenShift's <c>openssl.cnf</c> makes <c>etcd_ca</c>.</summary>
    public static PemPair CreateAuthority(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedName("CN=" + EscapeCommonName(subject));
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(ski);
        // Create (not CreateSelfSigned) so that the serial is ours, not a random one.
        var generator = X509SignatureGenerator.CreateForECDsa(key);
        using var cert = request.Create(name, generator, notBefore, notAfter, serial);
        return new PemPair(cert.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>A certificate for <paramref name="spec"/> signed by the CA in <paramref name="authority"/>.</summary>
    /// <exception cref="CryptographicException">The CA's files hold no certificate and key that belong together.</exception>
    public static PemPair Issue(PemPair authority, CertificateRequestSpec spec)
    {
        using var caCert = X509Certificate2.CreateFromPem(authority.CertificatePem);
        using var caKey = ECDsa.Create();
        caKey.ImportFromPem(authority.KeyPem);
        if (caCert.GetECDsaPublicKey() is not { } caPublic
            || !caPublic.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(caKey.ExportSubjectPublicKeyInfo()))
            throw new CryptographicException("the CA key does not belong to the CA certificate");

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + EscapeCommonName(spec.Subject)), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(UsagesOf(spec.Profile), false));
        if (spec.IpAddresses.Count + spec.DnsNames.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var dns in spec.DnsNames) san.AddDnsName(dns);
            foreach (var ip in spec.IpAddresses) san.AddIpAddress(IPAddress.Parse(ip));
            request.CertificateExtensions.Add(san.Build());
        }
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caCert, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        // The issuer name and generator overload: openssl ca signs whatever validity it is told, even
        // beyond the CA's own (the overload taking the CA certificate would refuse that), and a mutant
        // may want exactly such a certificate.
        var generator = X509SignatureGenerator.CreateForECDsa(caKey);
        using var cert = request.Create(caCert.SubjectName, generator, spec.NotBefore, spec.NotAfter, spec.Serial);
        return new PemPair(cert.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>The extended key usages of <paramref name="profile"/>.</summary>
    public static OidCollection UsagesOf(CertificateProfile profile)
    {
        var usages = new OidCollection();
        if (profile is CertificateProfile.Peer or CertificateProfile.Server) usages.Add(new Oid(ServerAuthOid, "serverAuth"));
        if (profile is CertificateProfile.Peer or CertificateProfile.Client) usages.Add(new Oid(ClientAuthOid, "clientAuth"));
        return usages;
    }

    /// <summary>The OID of the serverAuth extended key usage.</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>The OID of the clientAuth extended key usage.</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>A positive 16-byte serial number derived from the run's seed and what names the
    /// certificate (host and path), so one seed gives the same serials run after run and two
    /// certificates of a run never share one.</summary>
    public static byte[] Serial(ulong seed, string host, string path)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}/{host}/{path}")));
        var serial = hash[..16];
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01); // positive in DER, and no leading zero byte to strip
        return serial;
    }

    /// <summary>A serial number as openssl prints it: upper-case hex.</summary>
    public static string SerialHex(byte[] serial) => Convert.ToHexString(serial);

    /// <summary>Commas and the like in a common name must not start a new RDN.</summary>
    private static string EscapeCommonName(string cn) =>
        cn.IndexOfAny([',', '+', '"', '\\', '<', '>', ';', '=']) >= 0 ? "\"" + cn.Replace("\"", "\\\"") + "\"" : cn;
}
