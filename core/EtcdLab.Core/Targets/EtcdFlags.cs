using System.Collections;
using System.Text;

namespace EtcdLab.Core.Targets;

/// <summary>
/// An ordered, immutable set of etcd command-line flags (<c>--name=value</c>). Flag names are
/// stored without the leading dashes; a boolean flag given bare has the value <c>true</c>.
/// </summary>
public sealed class EtcdFlags : IReadOnlyList<KeyValuePair<string, string>>, IEquatable<EtcdFlags>
{
    private readonly KeyValuePair<string, string>[] _flags;

    /// <summary>No flags.</summary>
    public static EtcdFlags Empty { get; } = new([]);

    private EtcdFlags(KeyValuePair<string, string>[] flags) => _flags = flags;

    /// <summary>Flags in the given order; a later duplicate replaces an earlier one.</summary>
    public static EtcdFlags From(IEnumerable<KeyValuePair<string, string>> flags)
    {
        var result = Empty;
        foreach (var (name, value) in flags) result = result.With(name, value);
        return result;
    }

    /// <summary>The value of <paramref name="name"/>, or null when it is not set.</summary>
    public string? Get(string name)
    {
        foreach (var (k, v) in _flags)
            if (k == name) return v;
        return null;
    }

    /// <summary>True when <paramref name="name"/> is set to <c>true</c>.</summary>
    public bool IsTrue(string name) => string.Equals(Get(name), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A copy with <paramref name="name"/> set to <paramref name="value"/>, in place if it was set.</summary>
    public EtcdFlags With(string name, string value)
    {
        var index = Array.FindIndex(_flags, f => f.Key == name);
        var copy = index >= 0 ? (KeyValuePair<string, string>[])_flags.Clone() : [.. _flags, default];
        copy[index >= 0 ? index : copy.Length - 1] = new(name, value);
        return new EtcdFlags(copy);
    }

    /// <summary>A copy without <paramref name="name"/>.</summary>
    public EtcdFlags Without(string name) => new(Array.FindAll(_flags, f => f.Key != name));

    /// <summary>A copy with every flag of <paramref name="overrides"/> set on top of these.</summary>
    public EtcdFlags Merge(EtcdFlags overrides)
    {
        var result = this;
        foreach (var (name, value) in overrides) result = result.With(name, value);
        return result;
    }

    /// <summary>The flags as command-line arguments: <c>--name=value</c>.</summary>
    public IReadOnlyList<string> ToArgs() => Array.ConvertAll(_flags, f => $"--{f.Key}={f.Value}");

    /// <inheritdoc />
    public int Count => _flags.Length;

    /// <inheritdoc />
    public KeyValuePair<string, string> this[int index] => _flags[index];

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_flags).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(EtcdFlags? other) => other is not null && _flags.AsSpan().SequenceEqual(other._flags);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EtcdFlags);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var f in _flags) hash.Add(f);
        return hash.ToHashCode();
    }

    /// <summary>The flags as one command line: <c>--a=1 --b=2</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var arg in ToArgs()) sb.Append(sb.Length == 0 ? "" : " ").Append(arg);
        return sb.ToString();
    }
}
