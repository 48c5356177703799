using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using EtcdLab.Core.Events;

namespace EtcdLab.Store.Serialization;

/// <summary>
/// Stores each <see cref="RunEvent"/> as the UTF-8 bytes of its <see cref="RunEventJson"/> line, so a
/// row of the journal is the same JSON a run's <c>events.jsonl</c> holds and can be read with any SQL
/// client (<c>CAST(message AS TEXT)</c> in SQLite, <c>convert_from(message, 'UTF8')</c> in PostgreSQL).
/// The manifest column gets the event's type discriminator (<c>step-started</c>, ...) so rows can be
/// counted by kind in SQL; reading back needs only the JSON, which names its own type.
/// </summary>
internal sealed class RunEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Name of the serializer in the actor system's configuration.</summary>
    public const string ConfigName = "etcdlab-run-event";

    /// <summary>Akka reserves identifiers up to 100 for itself and its plugins use a few hundred more;
    /// this one is EtcdLab's and is stored in every row, so it must never change.</summary>
    public const int Id = 4711;

    private static readonly Dictionary<Type, string> Discriminators = typeof(RunEvent)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <inheritdoc />
    public override string Manifest(object o) =>
        Discriminators.TryGetValue(o.GetType(), out var name)
            ? name
            : throw new ArgumentException($"{o.GetType()} is not a RunEvent type registered on RunEvent; this serializer writes only run events.", nameof(o));

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => obj is RunEvent e
        ? Encoding.UTF8.GetBytes(RunEventJson.Serialize(e))
        : throw new ArgumentException($"{obj.GetType()} is not a RunEvent; this serializer writes only run events.", nameof(obj));

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest) => RunEventJson.Deserialize(Encoding.UTF8.GetString(bytes));
}
