namespace EtcdLab.Core.Incidents.Import;

/// <summary>A log line of etcd (or of the process that embeds etcd or its client).</summary>
/// <param name="Raw">The line as written.</param>
/// <param name="Prefix">Its wrapper.</param>
/// <param name="Time">Its time, when whole.</param>
/// <param name="Format">Which logger wrote it.</param>
/// <param name="Level">The level as written (<c>E</c>, <c>warn</c>, <c>INFO</c>, <c>fatal</c>), if any.</param>
/// <param name="Logger">capnslog package or zap logger/caller (<c>etcdserver</c>, <c>clientv3/retry_interceptor.go:62</c>), if any.</param>
/// <param name="Message">The text after level and package; for zap the <c>msg</c>.</param>
/// <param name="Fields">zap's or logrus's other fields, as text.</param>
public sealed record LogLine(RawLine Raw, LinePrefix Prefix, DateTime? Time, LogFormat Format, string? Level, string? Logger,
    string Message, IReadOnlyDictionary<string, string> Fields) : ImportedLine(Raw, Prefix, Time)
{
    /// <summary>The message with zap's <c>error</c> field, if any: the text a symptom is matched against.</summary>
    public string Text => Fields.TryGetValue("error", out var error) ? $"{Message}: {error}" : Message;

    /// <summary>True for a line written by a client (the etcd client library, k3s, RKE), not by an etcd member.</summary>
    public bool IsClientSide =>
        Format == LogFormat.Logrus
        || Logger is { } l && (l.StartsWith("clientv3/", StringComparison.Ordinal) || l == "etcd-client" || l.StartsWith("v3/", StringComparison.Ordinal));

    /// <summary>True for a line that ends the process (capnslog <c>C</c>, zap/logrus <c>fatal</c> or <c>panic</c>).</summary>
    public bool IsFatal => Level is "C" or "fatal" or "panic" or "FATAL" or "PANIC" or "dpanic";
}
