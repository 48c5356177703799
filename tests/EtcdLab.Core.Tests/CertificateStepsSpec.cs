using EtcdLab.Core.Certificates;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Tests;

/// <summary>How the loader reads certificate steps, a cluster's setup: and client-tls:, and etcd's TLS flags.</summary>
public sealed class CertificateStepsSpec
{
    private const string Tls = """
        scenario: tls
        procedure: P1
        cluster:
          flags:
            cert-file: /etc/etcd/server.crt
            key-file: /etc/etcd/server.key
            trusted-ca-file: /etc/etcd/ca.crt
            client-cert-auth: "true"
            peer-cert-file: /etc/etcd/peer.crt
            peer-key-file: /etc/etcd/peer.key
            peer-trusted-ca-file: /etc/etcd/ca.crt
            peer-client-cert-auth: "true"
          hosts:
            m1: 127.0.1.1
          spare-hosts:
            m4: 127.0.1.4
          setup:
            - certificate-authority: etcd-signer
              on: m1
              cert: /etc/etcd/ca.crt
              key: /etc/etcd/ca/ca.key
              valid: 1825d
          client-tls: {on: m1, cacert: /etc/etcd/ca.crt, cert: /etc/etcd/peer.crt, key: /etc/etcd/peer.key}
        steps:
          - certificate: peer
            on: m1
            subject: m4
            san: ["IP:${m4.ip}", "IP:127.0.0.1", "DNS:etcd0.example.com"]
            ca: /etc/etcd/ca.crt
            ca-key: /etc/etcd/ca/ca.key
            cert: /etc/etcd/generated_certs/etcd-m4/peer.crt
            key: /etc/etcd/generated_certs/etcd-m4/peer.key
            valid: 1d
            from: -30d
          - copy-file: /etc/etcd/generated_certs/etcd-m4/peer.crt
            from: m1
            to: m4
            as: /etc/etcd/peer.crt
          - etcdctl: --cacert=/etc/etcd/ca.crt --cert=/etc/etcd/peer.crt --key=/etc/etcd/peer.key --insecure-skip-tls-verify member list
            on: m1
        """;

    [Fact]
    public void Parse_should_read_certificate_steps_setup_and_client_tls()
    {
        var s = ScenarioLoader.Parse(Tls, "tls.yaml");
        var ca = Assert.IsType<CertificateAuthorityStep>(Assert.Single(s.Cluster.Setup));
        Assert.Equal(("etcd-signer", "/etc/etcd/ca.crt", TimeSpan.FromDays(1825)), (ca.Subject, ca.CertPath, ca.Validity));
        Assert.Equal(new ClientTls("m1", "/etc/etcd/ca.crt", "/etc/etcd/peer.crt", "/etc/etcd/peer.key"), s.Cluster.ClientTls);
        Assert.Equal("true", s.Cluster.Flags.Get("peer-client-cert-auth"));
        var cert = Assert.IsType<CertificateStep>(s.Steps[0]);
        Assert.Equal(CertificateProfile.Peer, cert.Profile);
        Assert.Equal(["IP:${m4.ip}", "IP:127.0.0.1", "DNS:etcd0.example.com"], cert.SubjectAltNames);
        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromDays(-30)), (cert.Validity, cert.StartOffset));
        Assert.Equal("/etc/etcd/peer.crt", Assert.IsType<CopyFileStep>(s.Steps[1]).Destination);
        var etcdctl = Assert.IsType<EtcdctlStep>(s.Steps[2]);
        Assert.Contains("--insecure-skip-tls-verify", etcdctl.CommandLine);
    }

    [Theory]
    [InlineData("  - certificate: peer", "  - certificate: admin", "certificate is peer, server or client")]
    [InlineData("    cert: /etc/etcd/generated_certs/etcd-m4/peer.crt", "    cert: /root/peer.crt", "must be a path under /var/lib/, /etc/etcd/, /etc/kubernetes/")]
    [InlineData("\"DNS:etcd0.example.com\"", "\"etcd0.example.com\"", "IP:<address> or DNS:<name>")]
    [InlineData("    valid: 1d", "    valid: -1d", "valid is a length such as 365d")]
    [InlineData("      valid: 1825d\n", "      valid: 1825d\n    - etcdctl: member list\n      on: m1\n", "setup: runs before etcd first starts")]
    public void Parse_should_refuse_certificate_mistakes_with_what_to_write(string original, string broken, string message)
    {
        Assert.Contains(original, Tls);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Tls.Replace(original, broken), "tls.yaml"));
        Assert.Contains(message, e.Message);
    }
}
