using EtcdLab.Core.Targets;
using EtcdLab.Sim.Server;

namespace EtcdLab.Sim.Hosts;

/// <summary>
/// The disk of one host: directories, files (snapshot files) and etcd data dirs, by absolute path.
/// A data dir at <c>D</c> stands for <c>D/member</c> (WAL and snap): removing <c>D</c>, anything
/// above it, or <c>D/member</c> removes it.
/// </summary>
internal sealed class HostDisk
{
    private readonly SortedSet<string> _dirs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, object> _files = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, DataDir> _dataDirs = new(StringComparer.Ordinal);

    public static string Normalize(string path) => HostPaths.Normalize(path);

    private static bool IsUnder(string path, string dir) => path == dir || path.StartsWith(dir == "/" ? "/" : dir + "/", StringComparison.Ordinal);

    public DataDir? DataDirAt(string path) => _dataDirs.GetValueOrDefault(Normalize(path));

    public void SaveDataDir(string path, DataDir dir)
    {
        path = Normalize(path);
        _dataDirs[path] = dir;
        _dirs.Add(path);
    }

    public bool Exists(string path)
    {
        path = Normalize(path);
        return _dirs.Contains(path) || _files.ContainsKey(path) || _dataDirs.Keys.Any(d => IsUnder(d, path) || IsUnder(path, d))
            || _files.Keys.Any(f => IsUnder(f, path));
    }

    public void Remove(string path)
    {
        path = Normalize(path);
        foreach (var d in _dataDirs.Keys.Where(d => IsUnder(d, path) || IsUnder(path, d)).ToList())
        {
            _dataDirs.Remove(d);
            // rm -rf D/member leaves D itself behind.
            if (path != d && IsUnder(path, d)) _dirs.Add(d);
        }
        _dirs.RemoveWhere(d => IsUnder(d, path));
        foreach (var f in _files.Keys.Where(f => IsUnder(f, path)).ToList()) _files.Remove(f);
    }

    /// <summary><c>cp -a from to</c>; false when <paramref name="from"/> does not exist.</summary>
    public bool Copy(string from, string to)
    {
        from = Normalize(from);
        to = Normalize(to);
        if (!Exists(from)) return false;
        string Map(string p) => to + p[from.Length..];
        foreach (var (d, dir) in _dataDirs.Where(kv => IsUnder(kv.Key, from)).ToList()) _dataDirs[Map(d)] = dir.Clone();
        foreach (var d in _dirs.Where(d => IsUnder(d, from)).ToList()) _dirs.Add(Map(d));
        foreach (var (f, content) in _files.Where(kv => IsUnder(kv.Key, from)).ToList()) _files[Map(f)] = content;
        _dirs.Add(to);
        return true;
    }

    public object? ReadFile(string path) => _files.GetValueOrDefault(Normalize(path));

    public void WriteFile(string path, object content) => _files[Normalize(path)] = content;
}
