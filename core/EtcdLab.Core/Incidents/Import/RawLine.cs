namespace EtcdLab.Core.Incidents.Import;

/// <summary>One line of a raw file exactly as written, with where it came from.</summary>
/// <param name="File">The file as the draft names it (<c>raw/etcd-pod.log</c>).</param>
/// <param name="Number">1-based line number in that file.</param>
/// <param name="Text">The line without its line ending.</param>
public sealed record RawLine(string File, int Number, string Text)
{
    /// <summary><c>raw/etcd-pod.log:7</c>.</summary>
    public string Where => $"{File}:{Number}";
}
