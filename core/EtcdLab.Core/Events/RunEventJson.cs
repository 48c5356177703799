using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EtcdLab.Core.Events;

/// <summary>The one JSON form of run events: one object per line, camelCase names, kebab-case enums.
/// The same events always give the same bytes, which the determinism test relies on.</summary>
public static class RunEventJson
{
    /// <summary>Serializer options for events and summaries.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same options, indented, for files people read.</summary>
    public static JsonSerializerOptions IndentedOptions { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = indented,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>One event as one line of JSON (no newline).</summary>
    public static string Serialize(RunEvent e) => JsonSerializer.Serialize(e, Options);

    /// <summary>Reads one line written by <see cref="Serialize"/>.</summary>
    public static RunEvent Deserialize(string line) =>
        JsonSerializer.Deserialize<RunEvent>(line, Options) ?? throw new JsonException("empty event line");
}
