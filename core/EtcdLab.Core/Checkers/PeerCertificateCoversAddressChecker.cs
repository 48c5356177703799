using EtcdLab.Core.Events;

namespace EtcdLab.Core.Checkers;

/// <summary>Every member's peer certificate names the address the member is registered under: the
/// other members dial its registered https peer URL and check the certificate it presents against
/// that address (Go's <c>x509: certificate is valid for ..., not ...</c>).</summary>
/// <remarks>Reads the certificate each host's latest start used (<c>--peer-cert-file</c>, followed
/// through certificate steps and copies) and compares its IP SANs with the host of every https peer
/// URL the membership shows for the member, after every step: after a <c>member add</c> (the URL the
/// new member will be dialled at), a <c>member update</c> or an IP change whose certificate was not
/// reissued (runbook 004). Not applicable when no member used a peer certificate a step of the run
/// made.</remarks>
public sealed class PeerCertificateCoversAddressChecker : IInvariantChecker
{
    /// <inheritdoc />
    public string Id => InvariantIds.PeerCertificateCoversAddress;

    /// <inheritdoc />
    public string Title => "every member's peer certificate covers its registered peer address";

    /// <inheritdoc />
    public CheckResult Check(RunLog log)
    {
        var files = new CertificateFiles();
        var starts = new StartedFlags();
        var violations = new List<Violation>();
        var reported = new HashSet<(ulong, string, string)>();
        var checkedAny = false;
        foreach (var e in log.Events)
        {
            files.Apply(e);
            starts.Apply(e);
            if (e is not ClusterObserved observed || RunLog.Membership(observed.Observation) is not { } members) continue;
            foreach (var m in members)
            {
                if (RunLog.HostOf(m, observed.Observation) is not { } host || starts.Latest(host) is not { } start) continue;
                if (StartedFlags.Flag(start, "peer-cert-file") is not { } certPath || files.At(host, certPath) is not { } cert) continue;
                foreach (var url in m.PeerUrls)
                {
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "https") continue;
                    checkedAny = true;
                    var ips = cert.SubjectAltNames.Where(s => s.StartsWith("IP:", StringComparison.Ordinal)).Select(s => s[3..]).ToArray();
                    if (ips.Contains(uri.Host) || !reported.Add((m.Id, url, cert.Serial))) continue;
                    violations.Add(new Violation(observed.Step, host,
                        $"After {log.StepText(observed.Step)} member {m.IdHex} ({host}) is registered at {url}, but the peer certificate etcd on {host} presents " +
                        $"({StartedFlags.Flag(start, "peer-cert-file")}, {CertificateFiles.Describe(cert)}) is valid for {(ips.Length == 0 ? "no IP address" : string.Join(", ", ips))}, not {uri.Host}: " +
                        $"every other member rejects the connection (x509: certificate is valid for {string.Join(", ", ips)}, not {uri.Host}). " +
                        "Runbook 000 makes a new member's certificates with its IP in the SAN (SAN=\"IP:${NEW_ETCD_IP}\"); runbook 004: reissue the certificates when a member's IP changes, before `member update`.") { Seq = observed.Seq });
                }
            }
        }
        return checkedAny
            ? CheckResult.Checked(violations)
            : CheckResult.NotApplicable("no member registered an https peer URL while running with a peer certificate a step of the run made");
    }
}
