using EtcdLab.Core.Certificates;

namespace EtcdLab.Core.Tests;

/// <summary>The simulator's peer handshake, with the texts etcd 3.4.23 logged for each case on Docker.</summary>
public sealed class TlsHandshakeSpec
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PemPair Ca(string name) => CertificateFactory.CreateAuthority(name, Start, Start.AddYears(5), CertificateFactory.Serial(1, name, "ca"));

    private static PeerTlsConfig Member(PemPair signer, PemPair trusted, string ip, int validDays = 365, int fromDays = 0)
    {
        var cert = CertificateFactory.Issue(signer, new CertificateRequestSpec(ip, CertificateProfile.Peer, [ip, "127.0.0.1"], [],
            Start.AddDays(fromDays), Start.AddDays(fromDays + validDays), CertificateFactory.Serial(1, ip, "peer")));
        return new PeerTlsConfig(cert.CertificatePem, trusted.CertificatePem, ClientCertAuth: true);
    }

    [Fact]
    public void Fails_should_let_members_of_one_CA_connect()
    {
        var ca = Ca("etcd-signer");
        Assert.Null(TlsHandshake.Fails(Member(ca, ca, "127.0.1.1"), Member(ca, ca, "127.0.1.2"), "127.0.1.2", Start.AddHours(1)));
    }

    [Fact]
    public void Fails_should_refuse_a_dialler_whose_certificate_another_CA_signed_as_etcd_does()
    {
        var ca = Ca("etcd-signer");
        var other = Ca("etcd-signer-m4");
        // m4 (other CA, trusts the cluster's) dials m1: m1 refuses its client certificate.
        var result = TlsHandshake.Fails(Member(other, ca, "127.0.1.4"), Member(ca, ca, "127.0.1.1"), "127.0.1.1", Start.AddHours(1));
        Assert.Equal(("remote error: tls: bad certificate", "tls: failed to verify client certificate: x509: certificate signed by unknown authority"), result);
    }

    [Fact]
    public void Fails_should_refuse_a_listener_whose_certificate_does_not_name_the_address_dialled()
    {
        var ca = Ca("etcd-signer");
        var result = TlsHandshake.Fails(Member(ca, ca, "127.0.1.1"), Member(ca, ca, "127.0.1.3"), "127.0.2.3", Start.AddHours(1));
        Assert.Equal("x509: certificate is valid for 127.0.1.3, 127.0.0.1, not 127.0.2.3", result?.Dialler);
    }

    [Fact]
    public void Fails_should_refuse_an_expired_certificate()
    {
        var ca = Ca("etcd-signer");
        var result = TlsHandshake.Fails(Member(ca, ca, "127.0.1.1"), Member(ca, ca, "127.0.1.2", validDays: 1), "127.0.1.2", Start.AddDays(3));
        Assert.Equal("x509: certificate has expired or is not yet valid", result?.Dialler);
    }
}
