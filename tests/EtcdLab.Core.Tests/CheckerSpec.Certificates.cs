using EtcdLab.Core.Checkers;
using EtcdLab.Core.Events;

namespace EtcdLab.Core.Tests;

/// <summary>The two certificate invariants, on hand-built logs: certificates made by steps, carried by
/// copies to the files etcd starts with, and the peer URLs the membership shows.</summary>
public partial class CheckerSpec
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CertificateIssued Ca(string serial, string host = "m1") =>
        new(host, "/etc/etcd/ca/ca.crt", "/etc/etcd/ca/ca.key", CertificateIssued.AuthorityProfile, "etcd-signer-" + serial, [], [], Epoch, Epoch.AddYears(5), serial, "etcd-signer-" + serial, serial);

    private static CertificateIssued Peer(string host, string ip, string caSerial, string serial, string onHost = "m1") =>
        new(onHost, $"/etc/etcd/generated_certs/etcd-{host}/peer.crt", $"/etc/etcd/generated_certs/etcd-{host}/peer.key", "peer", host,
            [$"IP:{ip}", "IP:127.0.0.1"], ["serverAuth", "clientAuth"], Epoch, Epoch.AddYears(1), serial, "etcd-signer-" + caSerial, caSerial);

    private static ProcessStarted TlsStart(string host, string ip) =>
        new(host, ip, ["--name=" + host, "--peer-cert-file=/etc/etcd/peer.crt", "--peer-trusted-ca-file=/etc/etcd/ca.crt", "--peer-client-cert-auth=true"]);

    /// <summary>Three members with peer certificates of CA "A1" for their addresses, copied into place from m1.</summary>
    private static LogBuilder TlsCluster(string peerCaOfM3 = "A1")
    {
        var log = new LogBuilder(["m1", "m2", "m3"], ["m4"]).Step(0).Add(Ca("A1"));
        foreach (var (host, i) in new[] { ("m1", 1), ("m2", 2), ("m3", 3) })
        {
            log.Add(new FileCopied("m1", "/etc/etcd/ca/ca.crt", host, "/etc/etcd/ca.crt"))
                .Add(Peer(host, $"127.0.1.{i}", host == "m3" ? peerCaOfM3 : "A1", $"S{i}"))
                .Add(new FileCopied("m1", $"/etc/etcd/generated_certs/etcd-{host}/peer.crt", host, "/etc/etcd/peer.crt"));
        }
        if (peerCaOfM3 != "A1") log.Add(Ca(peerCaOfM3, "m9"));
        return log.Add(TlsStart("m1", "127.0.1.1")).Add(TlsStart("m2", "127.0.1.2")).Add(TlsStart("m3", "127.0.1.3"));
    }

    private static Dictionary<string, string> HttpsPeers(params (string Host, string Ip)[] hosts) =>
        hosts.ToDictionary(h => h.Host, h => $"https://{h.Ip}:2380");

    [Fact]
    public void PeerCertificateCoversAddress_should_accept_a_cluster_when_every_certificate_names_its_registered_address()
    {
        var log = TlsCluster().Observe(["m1", "m2", "m3"], ["m1", "m2", "m3"], "m1",
            peerIps: HttpsPeers(("m1", "127.0.1.1"), ("m2", "127.0.1.2"), ("m3", "127.0.1.3")));
        var result = new PeerCertificateCoversAddressChecker().Check(new RunLog(log.Events));
        Assert.Equal(VerdictStatus.Holds, result.Status);
    }

    [Fact]
    public void PeerCertificateCoversAddress_should_flag_a_member_updated_to_an_address_its_certificate_does_not_name()
    {
        // Runbook 004 method 1 without reissuing the certificate: m3 moves and is updated to its new address.
        var log = TlsCluster().Step(4).MoveIp("m3", "127.0.2.3").Add(TlsStart("m3", "127.0.2.3"))
            .Observe(["m1", "m2", "m3"], ["m1", "m2", "m3"], "m1",
                peerIps: HttpsPeers(("m1", "127.0.1.1"), ("m2", "127.0.1.2"), ("m3", "127.0.2.3")));
        var result = new PeerCertificateCoversAddressChecker().Check(new RunLog(log.Events));
        var v = Assert.Single(result.Violations);
        Assert.Equal("m3", v.Host);
        Assert.Contains("https://127.0.2.3:2380", v.Message);
        Assert.Contains("x509: certificate is valid for 127.0.1.3, 127.0.0.1, not 127.0.2.3", v.Message);
    }

    [Fact]
    public void PeerCertificateCoversAddress_should_not_apply_to_a_cluster_without_peer_TLS()
    {
        var log = new LogBuilder(["m1", "m2", "m3"]).Step(0).Start("m1", "m2", "m3").Observe(["m1", "m2", "m3"], ["m1", "m2", "m3"], "m1");
        var result = new PeerCertificateCoversAddressChecker().Check(new RunLog(log.Events));
        Assert.Equal(VerdictStatus.NotApplicable, result.Status);
    }

    [Fact]
    public void CertificatesFromTrustedCa_should_accept_a_cluster_when_every_certificate_comes_from_the_trusted_CA()
    {
        var result = new CertificatesFromTrustedCaChecker().Check(new RunLog(TlsCluster().Events));
        Assert.Equal(VerdictStatus.Holds, result.Status);
    }

    [Fact]
    public void CertificatesFromTrustedCa_should_not_apply_when_no_certificate_step_made_the_files_etcd_uses()
    {
        var log = new LogBuilder(["m1", "m2", "m3"]).Step(0).Add(TlsStart("m1", "127.0.1.1")).Add(TlsStart("m2", "127.0.1.2"));
        var result = new CertificatesFromTrustedCaChecker().Check(new RunLog(log.Events));
        Assert.Equal(VerdictStatus.NotApplicable, result.Status);
    }

    [Fact]
    public void CertificatesFromTrustedCa_should_flag_a_peer_certificate_of_another_CA_followed_through_its_copy()
    {
        var result = new CertificatesFromTrustedCaChecker().Check(new RunLog(TlsCluster(peerCaOfM3: "B2").Events));
        Assert.Equal(VerdictStatus.Broken, result.Status);
        // m3's own trusted CA, m1's and m2's: three judges refuse it.
        Assert.Equal(3, result.Violations.Count);
        Assert.All(result.Violations, v => Assert.Equal("m3", v.Host));
        Assert.Contains(result.Violations, v => v.Message.Contains("m1's --peer-trusted-ca-file (/etc/etcd/ca.crt)") && v.Message.Contains("signed by CA etcd-signer-B2"));
    }

    [Fact]
    public void CertificatesFromTrustedCa_should_flag_an_etcdctl_client_certificate_of_another_CA()
    {
        var log = TlsCluster().Add(Ca("C3", "m4"))
            .Add(new CertificateIssued("m4", "/etc/etcd/admin.crt", "/etc/etcd/admin.key", "client", "admin", [], ["clientAuth"], Epoch, Epoch.AddYears(1), "S9", "etcd-signer-C3", "C3"))
            .Add(new ProcessStarted("m4", "127.0.1.4", ["--name=m4", "--trusted-ca-file=/etc/etcd/ca.crt"]))
            .Add(new FileCopied("m1", "/etc/etcd/ca/ca.crt", "m4", "/etc/etcd/ca.crt"));
        // m4 started before its CA file was copied: nothing known to judge by, so only m4's later etcdctl counts.
        log.Step(5).Add(new ProcessStarted("m4", "127.0.1.4", ["--name=m4", "--trusted-ca-file=/etc/etcd/ca.crt"]))
            .Command("m4", "--cacert=/etc/etcd/ca.crt --cert=/etc/etcd/admin.crt --key=/etc/etcd/admin.key member list");
        var result = new CertificatesFromTrustedCaChecker().Check(new RunLog(log.Events));
        var v = Assert.Single(result.Violations);
        Assert.Equal(5, v.Step);
        Assert.Contains("etcdctl on m4 presents --cert=/etc/etcd/admin.crt", v.Message);
        Assert.Contains("remote error: tls: bad certificate", v.Message);
    }
}
