using System.Text.RegularExpressions;

namespace EtcdLab.Core.Conformance;

/// <summary>
/// What etcdctl printed on one stream, reduced to what must be the same on the simulator and on real
/// etcd: every line kept and compared in order, with only the parts that differ between two honest
/// runs replaced by placeholders.
/// </summary>
/// <remarks>
/// <para>Volatile parts: member and cluster IDs (etcd draws an added member's ID from the clock),
/// durations (<c>took = 2.3ms</c>, a snapshot's <c>"took":0.0027</c>), the timestamps and the random
/// client id (<c>endpoint://client-&lt;uuid&gt;/...</c>) of clientv3's JSON log lines, and a retry's
/// attempt number: how often clientv3 retries an unavailable member depends on timing, so a run of
/// retry lines that differ only in the attempt counts as one. A call that outlives its deadline fails
/// either with the client's own <c>context deadline exceeded</c> or, when the member's handler gives
/// up first, with <c>rpc error: code = Unknown desc = context deadline exceeded</c>: real etcdctl 3.4.23
/// printed each of the two for the same <c>member remove</c> on a cluster without quorum, so they count
/// as one. Go's <c>%16x</c> pads an ID of fewer digits with spaces, so the padding goes with the ID.</para>
/// <para>Order that comes from IDs or timing is not compared: member list rows, the endpoint rows of
/// <c>endpoint status --cluster</c> and <c>ETCD_INITIAL_CLUSTER</c> follow the members' IDs, and
/// <c>endpoint health</c> prints each endpoint as its answer arrives. Such rows are sorted within each
/// run of consecutive rows; everything else keeps its place.</para>
/// </remarks>
public static partial class EtcdctlTranscript
{
    /// <summary>The normalized lines of <paramref name="text"/> (one etcdctl stream), without the empty last line.</summary>
    public static IReadOnlyList<string> Normalize(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = NormalizeLine(raw.TrimEnd('\r'));
            if (lines.Count > 0 && line == lines[^1] && line.StartsWith("{", StringComparison.Ordinal)) continue;
            lines.Add(line);
        }
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return SortRows(lines);
    }

    /// <summary>The first line where two normalized transcripts differ, each side as <c>line N: text</c>
    /// (<c>(no line)</c> past its end), or null when they agree.</summary>
    public static (string A, string B)? FirstDifference(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var x = i < a.Count ? a[i] : "(no line)";
            var y = i < b.Count ? b[i] : "(no line)";
            if (x != y) return ($"line {i + 1}: {x}", $"line {i + 1}: {y}");
        }
        return null;
    }

    /// <summary>One line, normalized: what <see cref="Normalize"/> does to each line, also usable on a single error text.</summary>
    public static string NormalizeLine(string line)
    {
        line = line.Replace(UnknownDeadline, ClientDeadline, StringComparison.Ordinal)
            .Replace("Error: " + ClientDeadline, "Error: context deadline exceeded", StringComparison.Ordinal);
        if (line == ClientDeadline) line = "context deadline exceeded";
        line = JsonTimestamp().Replace(line, "\"ts\":\"<ts>\"");
        line = JsonTook().Replace(line, "\"took\":\"<took>\"");
        line = JsonAttempt().Replace(line, "\"attempt\":\"<n>\"");
        line = ClientUuid().Replace(line, "client-<uuid>");
        line = GoDuration().Replace(line, "took = <duration>");
        line = HexId().Replace(line, "<id>");
        line = PaddedId().Replace(line, " <id>");
        return InitialCluster().Replace(line, m =>
            $"{m.Groups[1].Value}\"{string.Join(",", m.Groups[2].Value.Split(',').Order(StringComparer.Ordinal))}\"");
    }

    private static List<string> SortRows(List<string> lines)
    {
        var result = new List<string>(lines.Count);
        var block = new List<string>();
        foreach (var line in lines)
        {
            if (IsRow(line))
            {
                block.Add(line);
                continue;
            }
            result.AddRange(block.Order(StringComparer.Ordinal));
            block.Clear();
            result.Add(line);
        }
        result.AddRange(block.Order(StringComparer.Ordinal));
        return result;
    }

    private static bool IsRow(string line) =>
        Row().IsMatch(line) || line.Contains(" is healthy: ", StringComparison.Ordinal) || line.Contains(" is unhealthy: ", StringComparison.Ordinal);

    [GeneratedRegex(@"""ts"":(""[^""]*""|[0-9.e+]+)")]
    private static partial Regex JsonTimestamp();

    [GeneratedRegex(@"""took"":(""[^""]*""|[0-9.e+-]+)")]
    private static partial Regex JsonTook();

    [GeneratedRegex(@"""attempt"":[0-9]+")]
    private static partial Regex JsonAttempt();

    [GeneratedRegex(@"client-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex ClientUuid();

    [GeneratedRegex(@"took = [0-9.]+(ns|µs|us|ms|s|m|h)[0-9.a-zµ]*")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"(?<![0-9a-zA-Z])[0-9a-f]{12,16}(?![0-9a-zA-Z])")]
    private static partial Regex HexId();

    private const string UnknownDeadline = "rpc error: code = Unknown desc = context deadline exceeded";
    private const string ClientDeadline = "rpc error: code = DeadlineExceeded desc = context deadline exceeded";

    [GeneratedRegex(@"(?<=[a-z]) {2,}<id>")]
    private static partial Regex PaddedId();

    [GeneratedRegex(@"^(ETCD_INITIAL_CLUSTER=)""([^""]*)""$")]
    private static partial Regex InitialCluster();

    [GeneratedRegex(@"^(\| )?(<id>|https?://)")]
    private static partial Regex Row();
}
