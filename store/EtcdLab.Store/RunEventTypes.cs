using System.Reflection;
using System.Text.Json.Serialization;
using EtcdLab.Core.Events;

namespace EtcdLab.Store;

/// <summary>Every kind of <see cref="RunEvent"/> with the name the JSON lines give it (<c>run-started</c>),
/// read from the <see cref="JsonDerivedTypeAttribute"/>s on <see cref="RunEvent"/>, so that a stored
/// event's type column and Marten's event type name say what the event files say.</summary>
internal static class RunEventTypes
{
    /// <summary>Each event type and its name.</summary>
    public static IReadOnlyDictionary<Type, string> Names { get; } = typeof(RunEvent)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>The name of <paramref name="e"/>'s type.</summary>
    public static string NameOf(RunEvent e) =>
        Names.TryGetValue(e.GetType(), out var name)
            ? name
            : throw new ArgumentException($"{e.GetType().Name} is not a run event type listed on RunEvent; add a [JsonDerivedType] for it.", nameof(e));
}
