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
