using System.Text.Json;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>Reads zap JSON lines (<c>{"level":..,"ts":..,"caller":..,"msg":..,...}</c>): etcd 3.4 with
/// <c>--logger=zap</c>, 3.5, and the 3.4 client library inside k3s. <c>ts</c> is ISO (with <c>Z</c> or an
/// offset) or epoch seconds.</summary>
public static class ZapParser
{
    /// <summary>The zap line in <paramref name="prefix"/>'s rest; null when it is no JSON object with <c>level</c> and <c>msg</c>.</summary>
    public static LogLine? TryParse(RawLine raw, LinePrefix prefix)
    {
        var text = prefix.Rest.Trim();
        if (!text.StartsWith('{') || !text.EndsWith('}')) return null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("level", out var level) || level.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("msg", out var msg) || msg.ValueKind != JsonValueKind.String)
                return null;
            DateTime? time = null;
            if (root.TryGetProperty("ts", out var ts))
                time = ts.ValueKind switch
                {
                    JsonValueKind.String => LogTimes.Iso(ts.GetString()!),
                    JsonValueKind.Number => LogTimes.Epoch(ts.GetDouble()),
                    _ => null,
                };
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is "level" or "ts" or "msg" or "caller" or "logger") continue;
                fields[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
            var logger = root.TryGetProperty("logger", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()
                : root.TryGetProperty("caller", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()
                : null;
            return new LogLine(raw, prefix, time, LogFormat.Zap, level.GetString(), logger, msg.GetString()!, fields);
        }
    }
}
