using System.Security.Cryptography.X509Certificates;
using EtcdLab.Core.Certificates;

namespace EtcdLab.Core.Tests;

public sealed class CertificateFactorySpec
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PemPair Authority(string name = "etcd-signer") =>
        CertificateFactory.CreateAuthority(name, Start, Start.AddYears(5), CertificateFactory.Serial(1, "m1", "/etc/etcd/ca/" + name));

    [Fact]
    public void Issue_should_make_a_certificate_that_chains_to_its_CA_with_the_SANs_usages_and_validity_asked()
    {
        var ca = Authority();
        var serial = CertificateFactory.Serial(7, "m1", "/etc/etcd/peer.crt");
        var pair = CertificateFactory.Issue(ca, new CertificateRequestSpec("m4", CertificateProfile.Peer, ["127.0.1.4"], ["m4.example"], Start, Start.AddDays(365), serial));

        using var cert = X509Certificate2.CreateFromPem(pair.CertificatePem, pair.KeyPem);
        using var root = X509Certificate2.CreateFromPem(ca.CertificatePem);
        Assert.True(cert.HasPrivateKey);
        Assert.Equal("CN=m4", cert.Subject);
        Assert.Equal(Convert.ToHexString(serial), cert.SerialNumber);
        Assert.Equal(Start.AddDays(365).UtcDateTime, cert.NotAfter.ToUniversalTime());
        var san = Assert.Single(cert.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["127.0.1.4"], san.EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.Equal(["m4.example"], san.EnumerateDnsNames());
        var eku = Assert.Single(cert.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal([CertificateFactory.ServerAuthOid, CertificateFactory.ClientAuthOid], eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Start.AddDays(1).UtcDateTime;
        Assert.True(chain.Build(cert), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void Issue_should_make_a_certificate_that_another_CA_does_not_vouch_for()
    {
        var pair = CertificateFactory.Issue(Authority("other"), new CertificateRequestSpec("m4", CertificateProfile.Server, ["127.0.1.4"], [], Start, Start.AddDays(1), [1]));
        using var cert = X509Certificate2.CreateFromPem(pair.CertificatePem);
        using var root = X509Certificate2.CreateFromPem(Authority().CertificatePem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Start.AddHours(1).UtcDateTime;
        Assert.False(chain.Build(cert));
    }

    [Fact]
    public void Serial_should_follow_the_seed_and_the_file_and_nothing_else()
    {
        Assert.Equal(CertificateFactory.Serial(42, "m1", "/etc/etcd/peer.crt"), CertificateFactory.Serial(42, "m1", "/etc/etcd/peer.crt"));
        Assert.NotEqual(CertificateFactory.Serial(42, "m1", "/etc/etcd/peer.crt"), CertificateFactory.Serial(43, "m1", "/etc/etcd/peer.crt"));
        Assert.NotEqual(CertificateFactory.Serial(42, "m1", "/etc/etcd/peer.crt"), CertificateFactory.Serial(42, "m1", "/etc/etcd/server.crt"));
        Assert.InRange(CertificateFactory.Serial(42, "m1", "/x")[0], 1, 0x7F);
    }
}
