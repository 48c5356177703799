namespace EtcdLab.Core.Targets;

/// <summary>
/// Paths on a host's disk as both targets read them: absolute, with <c>.</c> and <c>..</c> resolved
/// and no trailing slash; a relative path is taken from <c>/var/lib</c>, etcd's working directory in
/// the lab (where its default <c>&lt;name&gt;.etcd</c> data dir goes); <c>dir/*</c> (as in
/// <c>rm -rf /var/lib/etcd/*</c>) stands for the directory's contents and touches the directory.
/// </summary>
public static class HostPaths
{
    /// <summary>The directory relative paths start from, and under which scenarios keep every file.</summary>
    public const string Home = "/var/lib";

    /// <summary>The directories a scenario may keep files in on a host: <see cref="Home"/> for data
    /// dirs, backups and snapshots, and the two places runbooks keep etcd's configuration and
    /// certificates (<c>/etc/etcd</c>, as OpenShift 3.11 and kubespray do, and
    /// <c>/etc/kubernetes</c>, whose <c>pki/etcd</c> kubeadm uses). The Docker target mounts each of
    /// them from the run's directory, so a file there survives re-creating the container.</summary>
    public static IReadOnlyList<string> Roots { get; } = [Home, "/etc/etcd", "/etc/kubernetes"];

    /// <summary>The root of <see cref="Roots"/> that <paramref name="path"/> lies strictly inside, or null.</summary>
    public static string? RootOf(string path)
    {
        var full = Normalize(path);
        return Roots.FirstOrDefault(root => full.StartsWith(root + "/", StringComparison.Ordinal));
    }

    /// <summary>The normalized absolute form of <paramref name="path"/>.</summary>
    public static string Normalize(string path)
    {
        var p = path.EndsWith("/*", StringComparison.Ordinal) ? path[..^2] : path;
        var full = Path.GetFullPath(p.Length == 0 ? "." : p, Home);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>True when one of the two paths is the other or lies inside it, so that removing,
    /// copying or writing one touches the other.</summary>
    public static bool Overlap(string a, string b)
    {
        a = Normalize(a);
        b = Normalize(b);
        return IsSameOrInside(a, b) || IsSameOrInside(b, a);
    }

    private static bool IsSameOrInside(string path, string directory) =>
        path == directory || path.StartsWith(directory == "/" ? "/" : directory + "/", StringComparison.Ordinal);
}
