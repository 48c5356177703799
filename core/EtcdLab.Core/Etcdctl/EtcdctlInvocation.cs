using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Etcdctl;

/// <summary>A parsed etcdctl command line: the command, its positional arguments, its flags and etcdctl's global options.</summary>
/// <param name="Command">Which command.</param>
/// <param name="Argv">The arguments after the word <c>etcdctl</c>, as written (after variable substitution):
/// what the real binary is given. A <c>sudo</c>, an environment prefix and the path of etcdctl are not part of it.</param>
/// <param name="Args">Positional arguments after the command words.</param>
/// <param name="Flags">Flags given, without dashes, under their long names (<c>-w</c> is <c>write-out</c>, v2's
/// <c>-C</c> is <c>peers</c>); a bare boolean flag has the value <c>true</c>.</param>
public sealed record EtcdctlInvocation(
    EtcdctlCommand Command,
    IReadOnlyList<string> Argv,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Flags)
{
    /// <summary>etcdctl's default <c>--dial-timeout</c>.</summary>
    public static readonly TimeSpan DefaultDialTimeout = TimeSpan.FromSeconds(2);

    /// <summary>etcdctl's default <c>--command-timeout</c> (v3), which is also v2's default <c>--total-timeout</c>.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The API etcdctl 3.4 speaks for this line: 2 with <c>ETCDCTL_API=2</c>, else 3 (its default).</summary>
    public int Api { get; init; } = 3;

    /// <summary>The environment the line sets for etcdctl (<c>ETCDCTL_API=2 etcdctl ...</c>), to pass on
    /// to a real etcdctl as its environment. Only <c>ETCDCTL_API</c> is accepted.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The value of a flag, or null.</summary>
    public string? Flag(string name) => Flags.TryGetValue(name, out var v) ? v : null;

    /// <summary>True when a boolean flag is set.</summary>
    public bool IsSet(string name) => string.Equals(Flag(name), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The endpoints given, or null when none: v3's <c>--endpoints</c>; v2's <c>--endpoints</c>, else
    /// <c>--endpoint</c>, else <c>--peers</c> / <c>-C</c> (the order of etcdctl v2's <c>getPeersFlagValue</c>).</summary>
    public IReadOnlyList<string>? Endpoints =>
        (Api == 2 ? Flag("endpoints") ?? Flag("endpoint") ?? Flag("peers") : Flag("endpoints")) is { } e && e.Length > 0
            ? e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;

    /// <summary><c>-w</c> / <c>--write-out</c>: <c>simple</c> (default) or <c>table</c>.</summary>
    public string WriteOut => Flag("write-out") ?? "simple";

    /// <summary><c>--command-timeout</c> (v3) or <c>--total-timeout</c> (v2).</summary>
    public TimeSpan CommandTimeout =>
        Flag(Api == 2 ? "total-timeout" : "command-timeout") is { } t && Durations.TryParse(t, out var d) ? d : DefaultCommandTimeout;

    /// <summary><c>--dial-timeout</c>.</summary>
    public TimeSpan DialTimeout => Flag("dial-timeout") is { } t && Durations.TryParse(t, out var d) ? d : DefaultDialTimeout;

    /// <summary>The command line as typed after <c>etcdctl</c>, with its environment in front:
    /// <c>member add m4 --peer-urls=...</c>, <c>ETCDCTL_API=2 member list</c>.</summary>
    public override string ToString() =>
        string.Join(" ", Environment.Select(kv => $"{kv.Key}={kv.Value}").Concat(Argv));

    /// <inheritdoc />
    public bool Equals(EtcdctlInvocation? other) =>
        other is not null && Argv.SequenceEqual(other.Argv) && Environment.OrderBy(kv => kv.Key).SequenceEqual(other.Environment.OrderBy(kv => kv.Key));

    /// <inheritdoc />
    public override int GetHashCode() => Argv.Count;
}
