using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using EtcdLab.Core.Targets;

namespace EtcdLab.Driver.Clients;

/// <summary>The harness's TLS identity on https client ports: a client certificate with its key, and
/// the one CA whose certificates it accepts from members (etcdctl's <c>--cacert</c>).</summary>
internal sealed class TlsIdentity
{
    private readonly X509Certificate2Collection _roots;

    private TlsIdentity(X509Certificate2 certificate, X509Certificate2Collection roots)
    {
        Certificate = certificate;
        _roots = roots;
    }

    /// <summary>The client certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Loads the PEM texts. The key is carried through PKCS#12 because SslStream needs a
    /// certificate whose key the platform can use for the handshake, not an ephemeral one.</summary>
    public static TlsIdentity From(ClientCredentials credentials)
    {
        using var ephemeral = X509Certificate2.CreateFromPem(credentials.CertPem, credentials.KeyPem);
        var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(credentials.CaPem);
        return new TlsIdentity(certificate, roots);
    }

    /// <summary>True when a member's certificate names the address dialled (the handler's own check)
    /// and chains to the trusted CA, as Go's crypto/tls verifies with <c>RootCAs</c> set.</summary>
    public bool Trusts(X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(certificate);
    }
}
