using System.Text.RegularExpressions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>
/// Recognises the lines membership and recovery incidents revolve around and extracts their fields and the
/// members they reveal. It reads a line's text whatever its format (capnslog, zap with its fields, a bare
/// quote, etcdctl output, a panic), so the same words are recognised in every shape the corpus shows them.
/// </summary>
public static partial class LineClassifier
{
    private const string Hex = "[0-9a-f]{1,16}";

    [GeneratedRegex($@"added member (?<id>{Hex}) \[(?<urls>[^\]]*)\] to cluster (?<cid>{Hex})")]
    private static partial Regex AddedMember();

    [GeneratedRegex($@"^Member\s+(?<id>{Hex}) added to cluster\s+(?<cid>{Hex})|^Added member named (?<name>\S+) with ID (?<id>{Hex})")]
    private static partial Regex EtcdctlAdded();

    [GeneratedRegex(@"Adding (?<url>\S+) to etcd cluster \[(?<list>[^\]]*)\]")]
    private static partial Regex K3sAdding();

    [GeneratedRegex($@"removed member (?<id>{Hex}) from cluster (?<cid>{Hex})|^Member\s+(?<id>{Hex}) removed from cluster\s+(?<cid>{Hex})|^Removed member (?<id>{Hex}) from cluster")]
    private static partial Regex RemovedMember();

    [GeneratedRegex($@"(?<self>{Hex}) elected leader (?<leader>{Hex}) at term (?<term>\d+)")]
    private static partial Regex Elected();

    [GeneratedRegex($@"(?<self>{Hex}) became leader at term (?<term>\d+)")]
    private static partial Regex BecameLeader();

    [GeneratedRegex($@"(?<self>{Hex}) lost leader (?<leader>{Hex}) at term (?<term>\d+)")]
    private static partial Regex LostLeader();

    [GeneratedRegex($@"(?<self>{Hex}) (?:is starting a new election at term|became (?:pre-)?candidate at term) (?<term>\d+)|(?<self>{Hex}) received Msg(?:Pre)?VoteResp from (?<peer>{Hex}) at term (?<term>\d+)|(?<self>{Hex}) \[logterm: \d+, index: \d+\] sent Msg(?:Pre)?Vote request to (?<peer>{Hex}) at term (?<term>\d+)")]
    private static partial Regex Campaign();

    [GeneratedRegex($@"request cluster ID mismatch(?: \(got (?<got>{Hex}) want (?<want>{Hex})\))?")]
    private static partial Regex ClusterIdMismatch();

    [GeneratedRegex($@"cluster ID mismatch: peer\[(?<peer>{Hex})\]=(?<peercluster>{Hex}), local=(?<local>{Hex})")]
    private static partial Regex PeerClusterMismatch();

    [GeneratedRegex($@"streaming request ignored \(ID mismatch got (?<got>{Hex}) want (?<want>{Hex})\)")]
    private static partial Regex MemberIdMismatch();

    [GeneratedRegex($@"rejected the stream from peer (?<peer>{Hex}) since it was removed")]
    private static partial Regex RejectedRemoved();

    [GeneratedRegex(@"tocommit\((?<tocommit>\d+)\) is out of range \[lastIndex\((?<last>\d+)\)\]")]
    private static partial Regex ToCommit();

    [GeneratedRegex(@"(?:listen tcp (?<address>[\d.]+):(?<port>\d+): )?bind: cannot assign requested address")]
    private static partial Regex CannotAssign();

    [GeneratedRegex($@"health check for peer (?<peer>{Hex}) could not connect: (?<error>dial tcp (?<address>[\d.]+):(?<port>\d+).*|.*)")]
    private static partial Regex PeerUnreachable();

    [GeneratedRegex(@"&\{ID:(?<id>[0-9a-f]+) RaftAttributes:\{PeerURLs:\[(?<urls>[^\]]*)\]\} Attributes:\{Name:(?<name>\S*) ClientURLs:\[[^\]]*\]\}\}")]
    private static partial Regex StructMember();

    [GeneratedRegex(@"\{ClusterID:(?<cid>[0-9a-f]+) ")]
    private static partial Regex StructCluster();

    [GeneratedRegex(@"^(?:etcd Version|etcdctl version):? (?<version>\d+\.\d+\.\d+\S*)")]
    private static partial Regex Version();

    [GeneratedRegex($@"^(?:name = (?<name>\S+)|data dir = (?<datadir>\S+)|initial cluster = (?<initialcluster>\S+)|(?:starting|restarting) member (?<member>{Hex}) in cluster (?<cid>{Hex}).*|listening for peers on (?<peerurl>\S+)|recognized and used environment variable ETCD_(?<flag>[A-Z_]+)=(?<value>.*)|the server is already initialized as member before, starting as etcd member\.\.\.|starting an etcd server)$")]
    private static partial Regex Starting();

    [GeneratedRegex(@"restoring snapshot|restored snapshot|recovered store from snapshot at index (?<index>\d+)")]
    private static partial Regex Restore();

    [GeneratedRegex(@"main process exited, code=(?<code>\w+), status=(?<status>\S+)|^Failed to start (?<unit>.+)\.$")]
    private static partial Regex Exited();

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\[[^\]]*\]|[^/:\s]+)(?::\d+)?")]
    private static partial Regex Url();

    /// <summary>What <paramref name="line"/> says; null when it is none of the <see cref="LineKind"/>s.</summary>
    public static Classification? Classify(ImportedLine line) => line switch
    {
        MemberListRow row => new(LineKind.MemberListed, Fields(("id", row.Id), ("name", row.Name), ("status", row.Status)),
            [new MemberSighting(row.Id, NonEmpty(row.Name), AddressOf(row.PeerUrls.Concat(row.ClientUrls)))]),
        EndpointStatusRow status => new(LineKind.EndpointReported, Fields(("id", status.Id), ("version", status.Version), ("leader", status.IsLeader ? "true" : "false")),
            [new MemberSighting(status.Id, null, AddressOf([status.Endpoint]))]),
        EndpointHealthRow health => new(LineKind.EndpointReported, Fields(("id", health.MemberId), ("healthy", health.Healthy ? "true" : "false")),
            health.MemberId is null && health.Endpoint is null ? [] : [new MemberSighting(health.MemberId, null, AddressOf([health.Endpoint]))]),
        LogLine log => ClassifyText(log.Text, log.Fields),
        PanicLine panic => ClassifyText(panic.Message, NoFields),
        EtcdctlMessage message => ClassifyText(message.Text, NoFields),
        TextLine { IsBlank: false } text => ClassifyText(text.Prefix.Rest, NoFields),
        _ => null,
    };

    /// <summary>What a message says, with zap's fields when the line has them.</summary>
    public static Classification? ClassifyText(string text, IReadOnlyDictionary<string, string> fields)
    {
        // The errors first: a fatal line may also name the member that logged it.
        if (ToCommit().Match(text) is { Success: true } tc)
            return new(LineKind.ToCommitOutOfRange, Fields(("tocommit", tc.Groups["tocommit"].Value), ("last-index", tc.Groups["last"].Value)), []);
        if (RejectedRemoved().Match(text) is { Success: true } rr)
            return new(LineKind.RejectedRemovedPeer, Fields(("peer", rr.Groups["peer"].Value)), [new MemberSighting(rr.Groups["peer"].Value, null, null)]);
        if (text.Contains("the member has been permanently removed from the cluster", StringComparison.Ordinal))
            return new(LineKind.RemovedPermanently, NoFields, []);
        if (ClusterIdMismatch().Match(text) is { Success: true } cm)
        {
            var peer = PeerClusterMismatch().Match(text);
            var want = cm.Groups["want"].Success ? cm.Groups["want"].Value : Field(fields, "local-member-cluster-id");
            var got = cm.Groups["got"].Success ? cm.Groups["got"].Value : Field(fields, "remote-peer-cluster-id");
            return new(LineKind.ClusterIdMismatch, Fields(("got", got), ("want", want), ("peer", peer.Success ? peer.Groups["peer"].Value : Field(fields, "remote-peer-id"))),
                peer.Success ? [new MemberSighting(peer.Groups["peer"].Value, null, null)] : []);
        }
        if (MemberIdMismatch().Match(text) is { Success: true } mm)
            return new(LineKind.MemberIdMismatch, Fields(("got", mm.Groups["got"].Value), ("want", mm.Groups["want"].Value)),
                [new MemberSighting(mm.Groups["want"].Value, null, null, Self: true)]);
        if (CannotAssign().Match(text) is { Success: true } ca)
            return new(LineKind.CannotAssignAddress, Fields(("address", Group(ca, "address")), ("port", Group(ca, "port"))),
                ca.Groups["address"].Success ? [new MemberSighting(null, null, ca.Groups["address"].Value, Self: true)] : []);
        if (text.Contains("etcdserver: unhealthy cluster", StringComparison.Ordinal))
            return new(LineKind.UnhealthyCluster, NoFields, []);
        if (text.Contains("not enough started members", StringComparison.Ordinal))
            return new(LineKind.NotEnoughStartedMembers, NoFields, []);
        if (text.Contains("member count is unequal", StringComparison.Ordinal))
        {
            var members = StructMember().Matches(text)
                .Select(m => new MemberSighting(m.Groups["id"].Value, NonEmpty(m.Groups["name"].Value), AddressOf(m.Groups["urls"].Value.Split(' '))))
                .ToList();
            return new(LineKind.MemberCountUnequal, Fields(("cluster-id", Group(StructCluster().Match(text), "cid")), ("members", members.Count > 0 ? members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : null)), members);
        }
        if (text.Contains("failed to publish local member", StringComparison.Ordinal) || text.StartsWith("publish error", StringComparison.Ordinal))
            return new(LineKind.PublishFailed, NoFields, []);
        if (PeerUnreachable().Match(text) is { Success: true } pu)
            return new(LineKind.PeerUnreachable, Fields(("peer", pu.Groups["peer"].Value), ("address", Group(pu, "address")), ("error", pu.Groups["error"].Value)),
                [new MemberSighting(pu.Groups["peer"].Value, null, Group(pu, "address"))]);

        if (AddedMember().Match(text) is { Success: true } am)
            return new(LineKind.MemberAdded, Fields(("id", am.Groups["id"].Value), ("cluster-id", am.Groups["cid"].Value), ("peer-urls", am.Groups["urls"].Value)),
                [new MemberSighting(am.Groups["id"].Value, null, AddressOf(am.Groups["urls"].Value.Split(' ')))]);
        if (text == "added member" && Field(fields, "added-peer-id") is { } addedId)
            return new(LineKind.MemberAdded, Fields(("id", addedId), ("cluster-id", Field(fields, "cluster-id")), ("peer-urls", Field(fields, "added-peer-peer-urls"))),
                [new MemberSighting(addedId, null, AddressOf(JsonishUrls(Field(fields, "added-peer-peer-urls"))))]);
        if (EtcdctlAdded().Match(text) is { Success: true } ea)
            return new(LineKind.MemberAdded, Fields(("id", ea.Groups["id"].Value), ("name", Group(ea, "name")), ("cluster-id", Group(ea, "cid"))),
                [new MemberSighting(ea.Groups["id"].Value, Group(ea, "name"), null, Joining: true)]);
        if (K3sAdding().Match(text) is { Success: true } ka)
        {
            var listed = ka.Groups["list"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .Select(pair => new MemberSighting(null, pair[0], AddressOf([pair[1]])));
            return new(LineKind.MemberAdded, Fields(("peer-urls", ka.Groups["url"].Value)),
                [new MemberSighting(null, null, AddressOf([ka.Groups["url"].Value]), Joining: true), .. listed]);
        }
        if (RemovedMember().Match(text) is { Success: true } rm)
            return new(LineKind.MemberRemoved, Fields(("id", rm.Groups["id"].Value), ("cluster-id", Group(rm, "cid"))), [new MemberSighting(rm.Groups["id"].Value, null, null)]);
        if (Elected().Match(text) is { Success: true } el)
            return new(LineKind.LeaderElected, Fields(("self", el.Groups["self"].Value), ("leader", el.Groups["leader"].Value), ("term", el.Groups["term"].Value)),
                [new MemberSighting(el.Groups["self"].Value, null, null, Self: true), new MemberSighting(el.Groups["leader"].Value, null, null)]);
        if (BecameLeader().Match(text) is { Success: true } bl)
            return new(LineKind.LeaderElected, Fields(("self", bl.Groups["self"].Value), ("leader", bl.Groups["self"].Value), ("term", bl.Groups["term"].Value)),
                [new MemberSighting(bl.Groups["self"].Value, null, null, Self: true)]);
        if (LostLeader().Match(text) is { Success: true } ll)
            return new(LineKind.LeaderLost, Fields(("self", ll.Groups["self"].Value), ("leader", ll.Groups["leader"].Value), ("term", ll.Groups["term"].Value)),
                [new MemberSighting(ll.Groups["self"].Value, null, null, Self: true), new MemberSighting(ll.Groups["leader"].Value, null, null)]);
        if (Campaign().Match(text) is { Success: true } cp)
        {
            List<MemberSighting> seen = [new(cp.Groups["self"].Value, null, null, Self: true)];
            if (cp.Groups["peer"].Success && cp.Groups["peer"].Value != cp.Groups["self"].Value) seen.Add(new(cp.Groups["peer"].Value, null, null));
            return new(LineKind.Election, Fields(("self", cp.Groups["self"].Value), ("peer", Group(cp, "peer")), ("term", cp.Groups["term"].Value)), seen);
        }
        if (Restore().Match(text) is { Success: true } rs)
            return new(LineKind.SnapshotRestore, Fields(("index", Group(rs, "index"))), []);
        if (Version().Match(text) is { Success: true } v)
            return new(LineKind.ServerStarting, Fields(("version", v.Groups["version"].Value)), []);
        if (Starting().Match(text) is { Success: true } st)
            return Started(st, fields);
        if (Exited().Match(text) is { Success: true } ex)
            return new(LineKind.ProcessExited, Fields(("code", Group(ex, "code")), ("status", Group(ex, "status")), ("unit", Group(ex, "unit"))), []);
        return null;
    }

    private static Classification Started(Match st, IReadOnlyDictionary<string, string> fields)
    {
        var flag = st.Groups["flag"].Success ? st.Groups["flag"].Value.ToLowerInvariant().Replace('_', '-') : null;
        var f = Fields(("name", Group(st, "name") ?? Field(fields, "name")), ("data-dir", Group(st, "datadir") ?? Field(fields, "data-dir")),
            ("initial-cluster", Group(st, "initialcluster") ?? Field(fields, "initial-cluster")), ("member-id", Group(st, "member")),
            ("cluster-id", Group(st, "cid")), ("peer-url", Group(st, "peerurl")), (flag ?? "flag", flag is null ? null : st.Groups["value"].Value));
        List<MemberSighting> seen = [];
        var peer = Group(st, "peerurl");
        if (Group(st, "member") is { } id) seen.Add(new(id, null, null, Self: true));
        if (Group(st, "name") is { } name) seen.Add(new(null, name, null, Self: true));
        if (peer is not null && AddressOf([peer]) is { } address) seen.Add(new(null, null, address, Self: true));
        if (flag == "name") seen.Add(new(null, st.Groups["value"].Value, null, Self: true));
        return new(LineKind.ServerStarting, f, seen);
    }

    /// <summary>The first routable host address among <paramref name="urls"/> (an URL or <c>host:port</c>);
    /// localhost, wildcards and names are no member's address.</summary>
    public static string? AddressOf(IEnumerable<string?> urls)
    {
        foreach (var u in urls)
        {
            if (string.IsNullOrWhiteSpace(u)) continue;
            var text = u.Trim().Trim('"');
            var host = Url().Match(text) is { Success: true } m ? m.Groups["host"].Value : text.Split(':')[0];
            if (System.Net.IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                && !System.Net.IPAddress.IsLoopback(ip) && !ip.Equals(System.Net.IPAddress.Any) && host.Count(c => c == '.') == 3)
                return host;
        }
        return null;
    }

    private static IEnumerable<string> JsonishUrls(string? list) =>
        list is null ? [] : list.Trim('[', ']').Split(',').Select(s => s.Trim().Trim('"'));

    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>();

    private static IReadOnlyDictionary<string, string> Fields(params (string Key, string? Value)[] pairs)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
            if (!string.IsNullOrEmpty(value)) fields[key] = value;
        return fields;
    }

    private static string? Field(IReadOnlyDictionary<string, string> fields, string key) => fields.TryGetValue(key, out var v) ? v : null;

    private static string? Group(Match m, string name) => m.Success && m.Groups[name].Success && m.Groups[name].Value.Length > 0 ? m.Groups[name].Value : null;

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
