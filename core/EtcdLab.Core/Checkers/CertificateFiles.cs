using EtcdLab.Core.Events;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Checkers;

/// <summary>Which certificate each file of each host holds, followed through the event log: a
/// <see cref="CertificateIssued"/> puts one at its path, a <see cref="FileCopied"/> carries whatever
/// its source held (or nothing known) to its destination, a <see cref="DirectoryRemoved"/> clears
/// what lay under it. Feed it every event in order; ask it at any point.</summary>
public sealed class CertificateFiles
{
    private readonly Dictionary<(string Host, string Path), CertificateIssued> _files = [];
    private readonly Dictionary<string, CertificateIssued> _authorities = new(StringComparer.Ordinal);

    /// <summary>Takes one event into account; other events change nothing.</summary>
    public void Apply(RunEvent e)
    {
        switch (e)
        {
            case CertificateIssued issued:
                _files[(issued.Host, HostPaths.Normalize(issued.CertPath))] = issued;
                if (issued.IsAuthority) _authorities[issued.Serial] = issued;
                break;
            case FileCopied copied:
                var to = (copied.ToHost, HostPaths.Normalize(copied.ToPath));
                if (_files.TryGetValue((copied.FromHost, HostPaths.Normalize(copied.FromPath)), out var held)) _files[to] = held;
                else _files.Remove(to);
                break;
            case DirectoryRemoved removed:
                var gone = HostPaths.Normalize(removed.Path);
                foreach (var key in _files.Keys.Where(k => k.Host == removed.Host && (k.Path == gone || k.Path.StartsWith(gone + "/", StringComparison.Ordinal))).ToList())
                    _files.Remove(key);
                break;
        }
    }

    /// <summary>The certificate the file holds, or null when no certificate step put one there.</summary>
    public CertificateIssued? At(string host, string path) => _files.GetValueOrDefault((host, HostPaths.Normalize(path)));

    /// <summary>The CA with serial <paramref name="serial"/>, when a step of the run made it.</summary>
    public CertificateIssued? Authority(string serial) => _authorities.GetValueOrDefault(serial);

    /// <summary>A certificate for a message: <c>peer certificate m4 (serial 1A2B..., signed by etcd-signer)</c>.</summary>
    public static string Describe(CertificateIssued c) =>
        c.IsAuthority
            ? $"CA {c.Subject} (serial {Short(c.Serial)}, made on {c.Host})"
            : $"{c.Profile} certificate {c.Subject} (serial {Short(c.Serial)}, signed by CA {c.Issuer} serial {Short(c.IssuerSerial)})";

    private static string Short(string serial) => serial.Length > 8 ? serial[..8] + "…" : serial;
}
