namespace EtcdLab.Sim.Server;

/// <summary>
/// How an etcd 3.4 process ends before it serves: its exit code and the line that says why, as the
/// Docker target records it (the line without its timestamp and level).
/// </summary>
/// <param name="Code">The process's exit code.</param>
/// <param name="Line">What etcd printed, e.g. <c>etcdmain: couldn't find local name "m4" in the initial cluster configuration</c>.</param>
internal sealed record EtcdExit(int Code, string Line)
{
    /// <summary>Go's flag package refused a value (etcdmain's <c>parse</c>: <c>os.Exit(2)</c> after the
    /// error line and the usage text), e.g. <c>invalid value "-5" for flag -snapshot-count: parse error</c>.</summary>
    public static EtcdExit FlagRefused(string flag, string value, string error) =>
        new(2, $"invalid value {Urls.GoQuote(value)} for flag -{flag}: {error}");

    /// <summary>The same for a boolean flag, whose error Go words differently.</summary>
    public static EtcdExit BoolFlagRefused(string flag, string value, string error) =>
        new(2, $"invalid boolean value {Urls.GoQuote(value)} for -{flag}: {error}");

    /// <summary>embed.Config.Validate refused the configuration: etcdmain logs
    /// <c>E | etcdmain: error verifying flags, %v. See 'etcd --help'.</c> and exits 1.</summary>
    public static EtcdExit Unverified(string error) => new(1, $"etcdmain: error verifying flags, {error}. See 'etcd --help'.");

    /// <summary>A start-up error etcdmain logs with <c>plog.Fatalf</c> (<c>C | etcdmain: %v</c>, exit 1):
    /// a listener that cannot bind, a bad <c>--initial-cluster</c>, every bootstrap check.</summary>
    public static EtcdExit Fatal(string error) => new(1, $"etcdmain: {error}");
}
