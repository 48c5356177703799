using System.Globalization;
using System.Text;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Etcdctl;

/// <summary>
/// etcdctl 3.4 with <c>ETCDCTL_API=2</c> (etcdctl/ctlv2): <c>cluster-health</c>, <c>member
/// list|add|remove|update</c> and <c>backup</c>, with ctlv2's texts and exit codes. The member commands
/// use the v2 HTTP API (<c>/v2/members</c>), which etcd 3.4 serves only when started with
/// <c>--enable-v2</c>; without it every call answers 404 (<c>unexpected status code 404</c>), as the real
/// binaries show against a 3.4 member. The v2 handlers make the same membership changes as v3's, so the
/// emulator makes them through the target's v3 calls and prints what the v2 client prints.
/// </summary>
public sealed partial class EtcdctlEmulator
{
    // ctlv2/command/error.go
    private const int V2ExitBadConnection = 2;
    private const int V2ExitServerError = 4;
    private const int V2ExitClusterNotHealthy = 5;

    private static async Task<EtcdctlOutput> RunV2Async(Invocation run, string onHost) => run.Command.Command switch
    {
        EtcdctlCommand.ClusterHealth => await ClusterHealthV2Async(run),
        EtcdctlCommand.MemberList => await MemberListV2Async(run),
        EtcdctlCommand.MemberAdd => await MemberAddV2Async(run),
        EtcdctlCommand.MemberRemove => await MemberRemoveV2Async(run),
        EtcdctlCommand.MemberUpdate => await MemberUpdateV2Async(run),
        EtcdctlCommand.Backup => await BackupV2Async(run, onHost),
        _ => throw new ArgumentOutOfRangeException(nameof(run), run.Command.Command, "not an etcdctl v2 command"),
    };

    /// <summary>The v2 client's member ID: <c>types.ID.String()</c>, hex without padding.</summary>
    private static string V2Id(ulong id) => id.ToString("x", CultureInfo.InvariantCulture);

    private static EtcdctlOutput V2Fail(string stderr, int code = EtcdctlOutput.ExitError, string stdout = "") => new(code, stdout, stderr);

    /// <summary>The answer of one v2 request to the members API: the result, or the error the v2 client
    /// returns (its text), and whether it is a connection error (etcdctl's <c>isConnectionError</c>).</summary>
    private sealed record V2Answer<T>(T? Value, string? Error, bool ConnectionError, string? Endpoint) where T : class;

    /// <summary>
    /// One request of the v2 client (client/client.go's httpClusterClient.Do): the endpoints in order;
    /// a refused connection or a 5xx answer moves to the next, and when none answers the error is a
    /// ClusterError naming each: <c>dial tcp host:port: connect: connection refused</c>, or, for a 5xx
    /// (etcd's v2 handlers answer 500 for a timeout, too few started members or an unhealthy cluster),
    /// <c>client: etcd member URL has no leader</c>. A member without <c>--enable-v2</c> answers 404,
    /// which the members API returns as <c>unexpected status code 404</c>.
    /// </summary>
    private static async Task<V2Answer<T>> V2CallAsync<T>(Invocation run, IReadOnlyList<string> endpoints, Func<string, Task<RpcResult<T>>> call, Func<RpcError, string?>? ownError = null)
        where T : class
    {
        var errors = new List<string>();
        var allRefused = true;
        foreach (var endpoint in endpoints)
        {
            if (run.Target.ServesV2At(endpoint) == false) return new V2Answer<T>(null, "unexpected status code 404", false, endpoint);
            var result = await call(endpoint);
            if (result.IsOk) return new V2Answer<T>(result.Value, null, false, endpoint);
            if (result.Error.IsConnectionRefused)
            {
                errors.Add($"dial tcp {Authority(endpoint)}: connect: connection refused");
                continue;
            }
            if (ownError?.Invoke(result.Error) is { } own) return new V2Answer<T>(null, own, false, endpoint);
            allRefused = false;
            errors.Add($"client: etcd member {endpoint} has no leader");
        }
        return new V2Answer<T>(null, ClusterError(errors), allRefused, null);
    }

    /// <summary>client.ClusterError's Error(): every error on a line of its own after the first.</summary>
    private static string ClusterError(IReadOnlyList<string> errors) =>
        "client: etcd cluster is unavailable or misconfigured" + string.Concat(errors.Select((e, i) => $"; error #{i}: {e}\n"));

    /// <summary>ClusterError.Detail(), which handleError prints after the error.</summary>
    private static string ClusterErrorDetail(string clusterError) =>
        string.Concat(clusterError.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l[(l.IndexOf("error #", StringComparison.Ordinal) is var i and >= 0 ? i : 0)..] + "\n"));

    /// <summary>ctlv2's handleError: <c>Error:  &lt;err&gt;</c> (Println puts two spaces), then a cluster error's detail.</summary>
    private static string HandleError(string error) =>
        $"Error:  {error}\n" + (error.StartsWith("client: etcd cluster is unavailable", StringComparison.Ordinal) ? ClusterErrorDetail(error) + "\n" : "");

    private static string Authority(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        return rest.Split('/')[0];
    }

    /// <summary>mustNewClient: unless <c>--no-sync</c>, the client first syncs the member list; a
    /// connection error there ends etcdctl with exit 2 (other sync errors are ignored: the command's own
    /// request meets them again). Returns the endpoint the command's requests go to first.</summary>
    private static async Task<IReadOnlyList<string>> V2SyncAsync(Invocation run)
    {
        if (run.Command.IsSet("no-sync")) return run.Endpoints;
        var sync = await V2CallAsync(run, run.Endpoints, ep => run.Target.MemberListAsync(ep, run.Command.CommandTimeout, run.Ct));
        if (sync.ConnectionError) throw new ExitException(V2Fail(HandleError(sync.Error!), V2ExitBadConnection));
        // The synced client talks to the member that answered first (then to the others it learned).
        return sync.Endpoint is { } first ? [first, .. run.Endpoints.Where(e => e != first)] : run.Endpoints;
    }

    private static async Task<EtcdctlOutput> ClusterHealthV2Async(Invocation run)
    {
        // cluster-health lists the members without syncing (mustNewClientNoSync).
        var list = await V2CallAsync(run, run.Endpoints, ep => run.Target.MemberListAsync(ep, run.Command.CommandTimeout, run.Ct));
        if (list.Value is null)
            return V2Fail(HandleError(list.Error!), V2ExitServerError, "cluster may be unhealthy: failed to list members\n");

        var stdout = new StringBuilder();
        var healthy = 0;
        foreach (var m in list.Value.Members)
        {
            var id = V2Id(m.Id);
            if (m.ClientUrls.Count == 0)
            {
                stdout.Append($"member {id} is unreachable: no available published client urls\n");
                continue;
            }
            var checkedOne = false;
            foreach (var url in m.ClientUrls)
            {
                // GET <url>/health: etcd 3.4 answers {"health":"true"} when it has a leader and a
                // quorum read (QGET) goes through, which is what the v3 health check asks too.
                var reply = (await run.Target.CheckHealthAsync([url], run.Command.CommandTimeout, run.Ct)).Single();
                if (reply.Error == RpcError.ConnectionRefused.Message)
                {
                    stdout.Append($"failed to check the health of member {id} on {url}: Get \"{url}/health\": dial tcp {Authority(url)}: connect: connection refused\n");
                    continue;
                }
                checkedOne = true;
                if (reply.Healthy)
                {
                    stdout.Append($"member {id} is healthy: got healthy result from {url}\n");
                    healthy++;
                }
                else stdout.Append($"member {id} is unhealthy: got unhealthy result from {url}\n");
                break;
            }
            if (!checkedOne) stdout.Append($"member {id} is unreachable: [{string.Join(" ", m.ClientUrls)}] are all unreachable\n");
        }
        var count = list.Value.Members.Count;
        stdout.Append(healthy == count ? "cluster is healthy\n" : healthy == 0 ? "cluster is unavailable\n" : "cluster is degraded\n");
        return new EtcdctlOutput(healthy == count ? 0 : V2ExitClusterNotHealthy, stdout.ToString(), "");
    }

    private static async Task<EtcdctlOutput> MemberListV2Async(Invocation run)
    {
        if (run.Command.Args.Count != 0) return V2Fail("No arguments accepted\n");
        var endpoints = await V2SyncAsync(run);
        var list = await V2CallAsync(run, endpoints, ep => run.Target.MemberListAsync(ep, run.Command.CommandTimeout, run.Ct));
        if (list.Value is null) return V2Fail(list.Error + "\n");
        // GET /v2/members/leader: the leader the member knows, 503 "During election" without one.
        var leader = await V2CallAsync(run, [list.Endpoint!, .. endpoints.Where(e => e != list.Endpoint)], async ep =>
        {
            var status = await run.Target.StatusAsync(ep, run.Command.CommandTimeout, run.Ct);
            if (!status.IsOk) return RpcResult<StatusReply>.Fail(status.Error);
            return status.Value.Leader == 0 ? RpcResult<StatusReply>.Fail(new RpcError(RpcErrorCode.Unavailable, "During election")) : status;
        });
        if (leader.Value is null) return V2Fail($"Failed to get leader:  {leader.Error}\n");

        var stdout = new StringBuilder();
        foreach (var m in list.Value.Members)
        {
            if (m.Name.Length == 0) stdout.Append($"{V2Id(m.Id)}[unstarted]: peerURLs={string.Join(",", m.PeerUrls)}\n");
            else
                stdout.Append($"{V2Id(m.Id)}: name={m.Name} peerURLs={string.Join(",", m.PeerUrls)} clientURLs={string.Join(",", m.ClientUrls)} isLeader={(m.Id == leader.Value.Leader ? "true" : "false")}\n");
        }
        return Ok(stdout.ToString());
    }

    /// <summary>The members API's own answers for a conflict (409) or a missing member (404); any other
    /// server error is a 5xx, which the client turns into a cluster error.</summary>
    private static string? V2MemberError(RpcError error, ulong? id) => error.Code switch
    {
        RpcErrorCode.FailedPrecondition when error.Message.Contains("Peer URLs already exists", StringComparison.Ordinal) => "membership: peerURL exists",
        RpcErrorCode.FailedPrecondition when error.Message.Contains("ID already exist", StringComparison.Ordinal) => "membership: ID exists",
        RpcErrorCode.NotFound when id is { } missing => $"No such member: {V2Id(missing)}",
        _ => null,
    };

    private static async Task<EtcdctlOutput> MemberAddV2Async(Invocation run)
    {
        var args = run.Command.Args;
        if (args.Count != 2) return V2Fail("Provide a name and a single member peerURL\n");
        var endpoints = await V2SyncAsync(run);
        var url = args[1];
        // The members API checks the URL with types.NewURLs before sending it.
        if (ValidateUrl(url) is { } problem) return V2Fail(problem + "\n");
        var added = await V2CallAsync(run, endpoints, ep => run.Target.MemberAddAsync(ep, [url], false, run.Command.CommandTimeout, run.Ct), e => V2MemberError(e, null));
        if (added.Value is null) return V2Fail(added.Error + "\n");

        var newId = added.Value.Member.Id;
        var name = args[0];
        var stdout = new StringBuilder($"Added member named {name} with ID {V2Id(newId)} to cluster\n");
        var list = await V2CallAsync(run, [added.Endpoint!, .. endpoints.Where(e => e != added.Endpoint)], ep => run.Target.MemberListAsync(ep, run.Command.CommandTimeout, run.Ct));
        if (list.Value is null) return V2Fail(list.Error + "\n", EtcdctlOutput.ExitError, stdout.ToString());
        var conf = list.Value.Members.SelectMany(m => m.PeerUrls.Select(u => $"{(m.Id == newId ? name : m.Name)}={u}"));
        stdout.Append('\n');
        stdout.Append($"ETCD_NAME={GoFormat.Quote(name)}\n");
        stdout.Append($"ETCD_INITIAL_CLUSTER={GoFormat.Quote(string.Join(",", conf))}\n");
        stdout.Append("ETCD_INITIAL_CLUSTER_STATE=\"existing\"\n");
        return Ok(stdout.ToString());
    }

    private static async Task<EtcdctlOutput> MemberRemoveV2Async(Invocation run)
    {
        if (run.Command.Args.Count != 1) return V2Fail("Provide a single member ID\n");
        var removal = run.Command.Args[0];
        var endpoints = await V2SyncAsync(run);
        var list = await V2CallAsync(run, endpoints, ep => run.Target.MemberListAsync(ep, run.Command.CommandTimeout, run.Ct));
        if (list.Value is null) return V2Fail($"Error while verifying ID against known members: {list.Error}\n");

        // The ID is compared as the text the v2 API prints (hex, no padding, lower case).
        var stderr = new StringBuilder();
        var found = list.Value.Members.FirstOrDefault(m => V2Id(m.Id) == removal);
        foreach (var m in list.Value.Members.Where(m => m.Name == removal))
        {
            stderr.Append($"Found a member named {m.Name}; if this is correct, please use its ID, eg:\n\tetcdctl member remove {V2Id(m.Id)}\n");
            stderr.Append("For more details, read the documentation at https://github.com/etcd-io/etcd/blob/master/Documentation/runtime-configuration.md#remove-a-member\n\n");
        }
        if (found is null) return V2Fail(stderr + $"Couldn't find a member in the cluster with an ID of {removal}.\n");

        var removed = await V2CallAsync(run, [list.Endpoint!, .. endpoints.Where(e => e != list.Endpoint)],
            ep => run.Target.MemberRemoveAsync(ep, found.Id, run.Command.CommandTimeout, run.Ct),
            // DELETE answers 404 for an unknown ID, which Remove reports by its status code, and 410 for a removed one, which it takes as done.
            e => e.Code == RpcErrorCode.NotFound ? "unexpected status code 404" : null);
        // Received an error ... has no line break at its end in ctlv2.
        if (removed.Value is null) return V2Fail(stderr + $"Received an error trying to remove member {removal}: {removed.Error}");
        return new EtcdctlOutput(0, $"Removed member {removal} from cluster\n", stderr.ToString());
    }

    private static async Task<EtcdctlOutput> MemberUpdateV2Async(Invocation run)
    {
        var args = run.Command.Args;
        if (args.Count != 2) return V2Fail("Provide an ID and a list of comma separated peerURL (0xabcd http://example.com,http://example1.com)\n");
        var endpoints = await V2SyncAsync(run);
        var mid = args[0];
        var urls = args[1].Split(',');
        foreach (var url in urls)
            if (ValidateUrl(url) is { } problem) return V2Fail(problem + "\n");
        // PUT /v2/members/<id>: the server parses the ID as hex (types.IDFromString, getID); one it
        // cannot parse is answered 404 "No such member: <id>", which Update takes as the members API's error.
        if (!ulong.TryParse(mid, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id))
            return V2Fail($"No such member: {mid}\n");
        var updated = await V2CallAsync(run, endpoints, ep => run.Target.MemberUpdateAsync(ep, id, urls, run.Command.CommandTimeout, run.Ct), e => V2MemberError(e, id));
        if (updated.Value is null) return V2Fail(updated.Error + "\n");
        return Ok($"Updated member with ID {mid} in cluster\n");
    }

    private static async Task<EtcdctlOutput> BackupV2Async(Invocation run, string onHost)
    {
        // The loader requires both directories; etcdctl itself would join "" with member/snap.
        var request = new BackupRequest(run.Command.Flag("data-dir") ?? "", run.Command.Flag("backup-dir") ?? "", run.Command.IsSet("with-v3"));
        var reply = await run.Target.BackupAsync(onHost, request, run.Ct);
        if (!reply.IsOk) throw Fail(reply.Error.Message);
        return new EtcdctlOutput(reply.Value.ExitCode, reply.Value.Stdout, reply.Value.Stderr);
    }
}
