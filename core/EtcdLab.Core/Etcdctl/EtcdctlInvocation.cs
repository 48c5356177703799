using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Etcdctl;

/// <summary>A parsed etcdctl command line: the command, its positional arguments, its flags and etcdctl's global options.</summary>
/// <param name="Command">Which command.</param>
/// <param name="Argv">The whole command line, split into arguments.</param>
/// <param name="Args">Positional arguments after the command words.</param>
/// <param name="Flags">Flags given, without dashes; a bare boolean flag has the value <c>true</c>.</param>
public sealed record EtcdctlInvocation(
    EtcdctlCommand Command,
    IReadOnlyList<string> Argv,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Flags)
{
    /// <summary>etcdctl's default <c>--dial-timeout</c>.</summary>
    public static readonly TimeSpan DefaultDialTimeout = TimeSpan.FromSeconds(2);

    /// <summary>etcdctl's default <c>--command-timeout</c>.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The value of a flag, or null.</summary>
    public string? Flag(string name) => Flags.TryGetValue(name, out var v) ? v : null;

    /// <summary>True when a boolean flag is set.</summary>
    public bool IsSet(string name) => string.Equals(Flag(name), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>--endpoints</c> list, or null when not given.</summary>
    public IReadOnlyList<string>? Endpoints =>
        Flag("endpoints") is { } e ? e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;

    /// <summary><c>-w</c> / <c>--write-out</c>: <c>simple</c> (default) or <c>table</c>.</summary>
    public string WriteOut => Flag("write-out") ?? "simple";

    /// <summary><c>--command-timeout</c>.</summary>
    public TimeSpan CommandTimeout => Flag("command-timeout") is { } t && Durations.TryParse(t, out var d) ? d : DefaultCommandTimeout;

    /// <summary><c>--dial-timeout</c>.</summary>
    public TimeSpan DialTimeout => Flag("dial-timeout") is { } t && Durations.TryParse(t, out var d) ? d : DefaultDialTimeout;

    /// <summary>The command line as typed: <c>member add m4 --peer-urls=...</c>.</summary>
    public override string ToString() => string.Join(" ", Argv);

    /// <inheritdoc />
    public bool Equals(EtcdctlInvocation? other) => other is not null && Argv.SequenceEqual(other.Argv);

    /// <inheritdoc />
    public override int GetHashCode() => Argv.Count;
}
