using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Etcdctl;

/// <summary>
/// The JSON log lines etcdctl 3.4's libraries print on standard error (zap: clientv3's retry
/// interceptor, the snapshot manager, the membership store), built field for field as etcdctl
/// 3.4.23 prints them.
/// </summary>
/// <remarks>
/// The simulator has no wall clock: its times count from the Unix epoch in the target's time, and the
/// random id clientv3 gives each client (<c>endpoint://client-&lt;uuid&gt;/...</c>) is drawn from the
/// command and the time, so that a seed still gives one event log. Conformance treats both as volatile
/// (<see cref="Conformance.EtcdctlTranscript"/>).
/// </remarks>
internal static class ClientLog
{
    /// <summary>clientv3's warning after a failed unary call (<c>clientv3/retry_interceptor.go:62</c>).</summary>
    public static string RetryFailed(TimeSpan now, string target, string code, string desc) =>
        $"{{\"level\":\"warn\",\"ts\":\"{Iso(now)}\",\"caller\":\"clientv3/retry_interceptor.go:62\",\"msg\":\"retrying of unary invoker failed\","
        + $"\"target\":{Json(target)},\"attempt\":0,\"error\":{Json($"rpc error: code = {code} desc = {desc}")}}}\n";

    /// <summary>The gRPC target of a client whose first endpoint is <paramref name="endpoint"/>.</summary>
    public static string BalancerTarget(string clientId, string endpoint) => $"endpoint://client-{clientId}/{HostPort(endpoint)}";

    /// <summary>What a call to an endpoint nothing listens on fails with, once the command timeout passes,
    /// through a balanced client (<c>member</c>, <c>put</c>, <c>get</c>, <c>endpoint health</c>).</summary>
    public const string NoConnection = "latest balancer error: all SubConns are in TransientFailure";

    /// <summary>The same through the direct client <c>endpoint status</c> dials for each endpoint.</summary>
    public static string ConnectionRefused(string endpoint) =>
        $"latest balancer error: connection error: desc = \"transport: Error while dialing dial tcp {HostPort(endpoint)}: connect: connection refused\"";

    /// <summary>The gRPC code name of <paramref name="code"/> as grpc-go prints it.</summary>
    public static string CodeName(RpcErrorCode code) => code.ToString();

    /// <summary>A client id (a UUID's text) that depends only on <paramref name="seed"/>.</summary>
    public static string ClientId(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"{hex[..8]}-{hex[8..12]}-4{hex[13..16]}-a{hex[17..20]}-{hex[20..32]}";
    }

    /// <summary>A zap line with an epoch-seconds timestamp (the snapshot manager's logger).</summary>
    public static string Info(TimeSpan now, string caller, string msg, params (string Key, object Value)[] fields)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{{\"level\":\"info\",\"ts\":{Epoch(now)},\"caller\":\"{caller}\",\"msg\":{Json(msg)}");
        foreach (var (key, value) in fields) line.Append(CultureInfo.InvariantCulture, $",\"{key}\":{Value(value)}");
        return line.Append("}\n").ToString();
    }

    /// <summary>A zap line with an ISO-8601 timestamp (clientv3's logger).</summary>
    public static string ClientInfo(TimeSpan now, string caller, string msg) =>
        $"{{\"level\":\"info\",\"ts\":\"{Iso(now)}\",\"caller\":\"{caller}\",\"msg\":{Json(msg)}}}\n";

    private static string Value(object value) => value switch
    {
        string s => Json(s),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IEnumerable<string> list => "[" + string.Join(",", list.Select(Json)) + "]",
        _ => Json(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string Iso(TimeSpan now) =>
        (DateTime.UnixEpoch + now).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Epoch(TimeSpan now) => (now.Ticks / (double)TimeSpan.TicksPerSecond).ToString("R", CultureInfo.InvariantCulture);

    private static string HostPort(string endpoint)
    {
        var at = endpoint.IndexOf("://", StringComparison.Ordinal);
        return (at < 0 ? endpoint : endpoint[(at + 3)..]).TrimEnd('/');
    }

    /// <summary>A JSON string as zap writes it: quotes and backslashes escaped with a backslash.</summary>
    private static string Json(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
