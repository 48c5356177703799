using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>Peer and client certificates come from the CA the cluster trusts: a member's peer
/// certificate is signed by the CA in every running member's <c>--peer-trusted-ca-file</c>, its
/// server certificate and the client certificates etcdctl presents (<c>--cert</c>) by the CA in the
/// members' <c>--trusted-ca-file</c>. Otherwise the TLS handshake fails (<c>remote error: tls: bad
/// certificate</c> on one side, <c>x509: certificate signed by unknown authority</c> on the other).</summary>
/// <remarks>Checked when etcd starts (against itself and the members running then) and when etcdctl
/// runs with <c>--cert</c> (against the members running then). Files no certificate step of the run
/// made are not judged. Not applicable when nothing was checked.</remarks>
public sealed class CertificatesFromTrustedCaChecker : IInvariantChecker
{
    /// <inheritdoc />
    public string Id => InvariantIds.CertificatesFromTrustedCa;

    /// <inheritdoc />
    public string Title => "peer and client certificates come from the CA the cluster trusts";

    private const string Warning =
        "Runbook 000 signs a new member's certificates with the cluster's own CA (openssl ca -name etcd_ca -config /etc/etcd/ca/openssl.cnf) and copies that CA's ca.crt with them.";

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var files = new CertificateFiles();
        var starts = new StartedFlags();
        var violations = new List<Violation>();
        var checkedAny = false;
        foreach (var e in log.Events)
        {
            files.Apply(e);
            if (e is ProcessStarted started)
            {
                var others = starts.Running.Where(s => s.Host != started.Host).ToArray();
                starts.Apply(e);
                foreach (var (certFlag, caFlag, what) in new[] { ("peer-cert-file", "peer-trusted-ca-file", "peer"), ("cert-file", "trusted-ca-file", "server") })
                {
                    if (StartedFlags.Flag(started, certFlag) is not { } certPath || files.At(started.Host, certPath) is not { } cert) continue;
                    foreach (var judge in others.Prepend(started))
                    {
                        if (StartedFlags.Flag(judge, caFlag) is not { } caPath || files.At(judge.Host, caPath) is not { } ca) continue;
                        checkedAny = true;
                        if (cert.IssuerSerial == ca.Serial) continue;
                        var who = judge.Host == started.Host ? $"its own --{caFlag} ({caPath})" : $"{judge.Host}'s --{caFlag} ({caPath})";
                        violations.Add(new Violation(e.Step, started.Host,
                            $"At {log.StepText(e.Step)} etcd on {started.Host} starts with --{certFlag}={certPath}, a {CertificateFiles.Describe(cert)}, " +
                            $"but {who} holds {CertificateFiles.Describe(ca)}: {(what == "peer" ? $"{judge.Host} rejects {started.Host}'s peer connections and {started.Host} rejects {judge.Host}'s (remote error: tls: bad certificate; x509: certificate signed by unknown authority)" : $"clients that trust {judge.Host}'s CA refuse {started.Host} (x509: certificate signed by unknown authority)")}. {Warning}") { Seq = e.Seq });
                    }
                }
                continue;
            }
            starts.Apply(e);
            if (e is not CommandIssued command || ClientCertificate(command.Argv) is not { } clientPath || files.At(command.Host, clientPath) is not { } client) continue;
            foreach (var member in starts.Running)
            {
                if (StartedFlags.Flag(member, "trusted-ca-file") is not { } caPath || files.At(member.Host, caPath) is not { } ca) continue;
                checkedAny = true;
                if (client.IssuerSerial == ca.Serial) continue;
                violations.Add(new Violation(e.Step, command.Host,
                    $"At {log.StepText(e.Step)} etcdctl on {command.Host} presents --cert={clientPath}, a {CertificateFiles.Describe(client)}, " +
                    $"but {member.Host} trusts clients of {CertificateFiles.Describe(ca)} (--trusted-ca-file={caPath}): {member.Host} refuses the connection (remote error: tls: bad certificate). {Warning}") { Seq = e.Seq });
            }
        }
        return checkedAny
            ? CheckResult.Checked(violations)
            : CheckResult.NotApplicable("no member started with a certificate and a trusted CA that steps of the run made, and no etcdctl presented such a certificate to one");
    }

    /// <summary>etcdctl's <c>--cert</c> (v3) or <c>--cert-file</c> (v2), as typed.</summary>
    private static string? ClientCertificate(IReadOnlyList<string> argv)
    {
        for (var i = 0; i < argv.Count; i++)
        {
            var arg = argv[i];
            foreach (var name in new[] { "--cert", "--cert-file" })
            {
                if (arg.StartsWith(name + "=", StringComparison.Ordinal)) return arg[(name.Length + 1)..];
                if (arg == name && i + 1 < argv.Count) return argv[i + 1];
            }
        }
        return null;
    }
}
