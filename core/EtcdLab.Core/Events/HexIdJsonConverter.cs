using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EtcdLab.Core.Events;

/// <summary>Writes member and cluster IDs as etcd prints them (lower-case hex), so an event log reads like etcdctl output.</summary>
public sealed class HexIdJsonConverter : JsonConverter<ulong>
{
    /// <inheritdoc />
    public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? reader.GetUInt64()
            : ulong.Parse(reader.GetString() ?? "0", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("x", CultureInfo.InvariantCulture));
}
