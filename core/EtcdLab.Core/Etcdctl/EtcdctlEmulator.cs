using System.Globalization;
using System.Text;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Etcdctl;

/// <summary>
/// etcdctl 3.4 on top of <see cref="IClusterTarget"/>: argument checks, endpoint choice, timeouts,
/// exit codes and output copied from etcdctl's command and printer code, and checked against what
/// the real etcdctl 3.4.23 prints (the Docker target runs the real binary, and <c>etcdlab conform</c>
/// compares the two line by line). It is the simulator's etcdctl.
/// </summary>
public sealed partial class EtcdctlEmulator(IClusterTarget target)
{
    /// <summary>Runs <paramref name="invocation"/> as etcdctl would on <paramref name="onHost"/>;
    /// without <c>--endpoints</c> it talks to <paramref name="defaultEndpoint"/>.</summary>
    public async Task<EtcdctlOutput> RunAsync(string onHost, string defaultEndpoint, EtcdctlInvocation invocation, CancellationToken ct)
    {
        var run = new Invocation(target, invocation, invocation.Endpoints ?? [defaultEndpoint], target.Now, ct);
        try
        {
            if (invocation.Api == 2) return await RunV2Async(run, onHost);
            await ReadTlsFilesAsync(onHost, invocation, ct);
            return invocation.Command switch
            {
                EtcdctlCommand.MemberList => await MemberListAsync(run),
                EtcdctlCommand.MemberAdd => await MemberAddAsync(run),
                EtcdctlCommand.MemberRemove => await MemberChangeAsync(run, "removed from", (ep, id, t) => target.MemberRemoveAsync(ep, id, t, ct)),
                EtcdctlCommand.MemberUpdate => await MemberUpdateAsync(run),
                EtcdctlCommand.MemberPromote => await MemberChangeAsync(run, "promoted in", (ep, id, t) => target.MemberPromoteAsync(ep, id, t, ct)),
                EtcdctlCommand.EndpointHealth => await EndpointHealthAsync(run),
                EtcdctlCommand.EndpointStatus => await EndpointStatusAsync(run),
                EtcdctlCommand.SnapshotSave => await SnapshotSaveAsync(run, onHost),
                EtcdctlCommand.SnapshotRestore => await SnapshotRestoreAsync(run, onHost),
                EtcdctlCommand.Put => await PutAsync(run),
                EtcdctlCommand.Get => await GetAsync(run),
                _ => throw new ArgumentOutOfRangeException(nameof(invocation), invocation.Command, "unknown etcdctl command"),
            };
        }
        catch (ExitException exit)
        {
            return exit.Output;
        }
    }

    private static async Task<EtcdctlOutput> MemberListAsync(Invocation run)
    {
        var reply = await run.CallAsync(ep => run.Target.MemberListAsync(ep, run.Command.CommandTimeout, run.Ct));
        var rows = reply.Members.Select(MemberRow).ToArray();
        return run.Command.WriteOut == "table"
            ? Ok(TableWriter.Render(["ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"], rows))
            : Ok(string.Concat(rows.Select(r => string.Join(", ", r) + "\n")));
    }

    private static string[] MemberRow(MemberInfo m) =>
    [
        m.IdHex, m.IsStarted ? "started" : "unstarted", m.Name,
        string.Join(",", m.PeerUrls), string.Join(",", m.ClientUrls), m.IsLearner ? "true" : "false",
    ];

    private static async Task<EtcdctlOutput> MemberAddAsync(Invocation run)
    {
        var args = run.Command.Args;
        if (args.Count == 0) throw BadArgs("member name not provided");
        if (args.Count > 1)
        {
            var message = "too many arguments";
            foreach (var a in args.Where(a => a.StartsWith("http", StringComparison.OrdinalIgnoreCase)))
                message += $", did you mean --peer-urls={a}";
            throw BadArgs(message);
        }
        var urls = PeerUrls(run);
        var name = args[0];
        var learner = run.Command.IsSet("learner");

        var (endpoint, added) = await run.CallWithEndpointAsync(ep => run.Target.MemberAddAsync(ep, urls, learner, run.Command.CommandTimeout, run.Ct));
        var stdout = new StringBuilder();
        stdout.Append($"Member {GoFormat.Hex16(added.Member.Id)} added{(added.Member.IsLearner ? " as learner " : " ")}to cluster {GoFormat.Hex16(added.Header.ClusterId)}\n");
        if (run.Command.WriteOut != "simple") return Ok(stdout.ToString());

        // etcdctl lists the members again from the member that answered the add, then prints
        // the environment the new member must start with.
        var list = await run.Target.MemberListAsync(endpoint, run.Command.CommandTimeout, run.Ct);
        if (!list.IsOk) throw new ExitException(new EtcdctlOutput(EtcdctlOutput.ExitError, stdout.ToString(), run.Warning(list.Error) + $"Error: {list.Error}\n"));
        var conf = list.Value.Members.SelectMany(m => m.PeerUrls.Select(u => $"{(m.Id == added.Member.Id ? name : m.Name)}={u}"));
        stdout.Append('\n');
        stdout.Append($"ETCD_NAME={GoFormat.Quote(name)}\n");
        stdout.Append($"ETCD_INITIAL_CLUSTER={GoFormat.Quote(string.Join(",", conf))}\n");
        stdout.Append($"ETCD_INITIAL_ADVERTISE_PEER_URLS={GoFormat.Quote(string.Join(",", added.Member.PeerUrls))}\n");
        stdout.Append("ETCD_INITIAL_CLUSTER_STATE=\"existing\"\n");
        return Ok(stdout.ToString());
    }

    private static async Task<EtcdctlOutput> MemberUpdateAsync(Invocation run)
    {
        var id = MemberIdArg(run);
        var urls = PeerUrls(run);
        var reply = await run.CallAsync(ep => run.Target.MemberUpdateAsync(ep, id, urls, run.Command.CommandTimeout, run.Ct));
        return Ok($"Member {GoFormat.Hex16(id)} updated in cluster {GoFormat.Hex16(reply.Header.ClusterId)}\n");
    }

    private static async Task<EtcdctlOutput> MemberChangeAsync(
        Invocation run, string verb, Func<string, ulong, TimeSpan, Task<RpcResult<MemberListReply>>> call)
    {
        var id = MemberIdArg(run);
        var reply = await run.CallAsync(ep => call(ep, id, run.Command.CommandTimeout));
        return Ok($"Member {GoFormat.Hex16(id)} {verb} cluster {GoFormat.Hex16(reply.Header.ClusterId)}\n");
    }

    private static ulong MemberIdArg(Invocation run)
    {
        if (run.Command.Args.Count != 1) throw BadArgs("member ID is not provided");
        var text = run.Command.Args[0];
        if (!ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id))
            throw BadArgs($"bad member ID arg (strconv.ParseUint: parsing {GoFormat.Quote(text)}: invalid syntax), expecting ID in Hex");
        return id;
    }

    private static string[] PeerUrls(Invocation run)
    {
        var text = run.Command.Flag("peer-urls");
        if (string.IsNullOrEmpty(text)) throw BadArgs("member peer urls not provided");
        var urls = text.Split(',');
        foreach (var url in urls)
            if (ValidateUrl(url) is { } problem) throw Fail(problem);
        return urls;
    }

    /// <summary>etcd's <c>types.NewURLs</c> checks, which clientv3 applies before sending.</summary>
    private static string? ValidateUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return $"URL address does not have the form \"host:port\": {url}";
        if (uri.Scheme is not ("http" or "https" or "unix" or "unixs")) return $"URL scheme must be http, https, unix, or unixs: {url}";
        var authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/')[0];
        if (!authority.Contains(':')) return $"URL address does not have the form \"host:port\": {url}";
        if (uri.AbsolutePath is not ("/" or "")) return $"URL must not contain a path: {url}";
        return null;
    }

    private static async Task<EtcdctlOutput> EndpointHealthAsync(Invocation run)
    {
        var endpoints = await run.EndpointsAsync();
        var replies = await run.Target.CheckHealthAsync(endpoints, run.Command.CommandTimeout, run.Ct);
        if (replies.Any(r => r.Error == RpcError.ConnectionRefused.Message)) await run.WaitOutCommandTimeoutAsync();
        var stderr = new StringBuilder();
        // Each endpoint has a client of its own, whose failed get clientv3 logs before etcdctl prints the results.
        foreach (var h in replies.Where(r => !r.Healthy))
        {
            var refused = h.Error == RpcError.ConnectionRefused.Message;
            var timedOut = refused || h.Error is null || h.Error == RpcError.DeadlineExceeded.Message;
            stderr.Append(ClientLog.RetryFailed(run.Target.Now, ClientLog.BalancerTarget(run.ClientId(h.Endpoint), h.Endpoint),
                ClientLog.CodeName(timedOut ? RpcErrorCode.DeadlineExceeded : RpcErrorCode.Unavailable),
                refused ? ClientLog.NoConnection : ClientError(h.Error)));
        }
        foreach (var h in replies)
        {
            if (h.Healthy) stderr.Append($"{h.Endpoint} is healthy: successfully committed proposal: took = {GoFormat.Duration(h.Took)}\n");
            else stderr.Append($"{h.Endpoint} is unhealthy: failed to commit proposal: {ClientError(h.Error)}\n");
        }
        if (replies.All(r => r.Healthy)) return new EtcdctlOutput(0, "", stderr.ToString());
        stderr.Append("Error: unhealthy cluster\n");
        return new EtcdctlOutput(EtcdctlOutput.ExitError, "", stderr.ToString());
    }

    private static string ClientError(string? error) =>
        error is null || error == RpcError.ConnectionRefused.Message ? RpcError.DeadlineExceeded.Message : error;

    private static async Task<EtcdctlOutput> EndpointStatusAsync(Invocation run)
    {
        var endpoints = await run.EndpointsAsync();
        var stderr = new StringBuilder();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var ep in endpoints)
        {
            var status = await run.Target.StatusAsync(ep, run.Command.CommandTimeout, run.Ct);
            if (!status.IsOk)
            {
                // One endpoint after the other, each waiting for a connection until the command timeout.
                if (status.Error.IsConnectionRefused) await run.Target.DelayAsync(run.Command.CommandTimeout, run.Ct);
                // endpoint status dials each endpoint directly (a passthrough target), so the refusal shows as such.
                stderr.Append(ClientLog.RetryFailed(run.Target.Now, $"passthrough:///{ep}",
                    ClientLog.CodeName(status.Error.IsConnectionRefused ? RpcErrorCode.DeadlineExceeded : status.Error.Code),
                    status.Error.IsConnectionRefused ? ClientLog.ConnectionRefused(ep) : status.Error.Message));
                stderr.Append($"Failed to get the status of endpoint {ep} ({ClientError(status.Error.Message)})\n");
                continue;
            }
            var s = status.Value;
            rows.Add(
            [
                ep, s.Header.MemberId.ToString("x", CultureInfo.InvariantCulture), s.Version, GoFormat.HumanBytes(s.DbSize),
                (s.Leader == s.Header.MemberId).ToString().ToLowerInvariant(), s.IsLearner.ToString().ToLowerInvariant(),
                s.RaftTerm.ToString(CultureInfo.InvariantCulture), s.RaftIndex.ToString(CultureInfo.InvariantCulture),
                s.RaftAppliedIndex.ToString(CultureInfo.InvariantCulture), string.Join(", ", s.Errors),
            ]);
        }
        var stdout = run.Command.WriteOut == "table"
            ? TableWriter.Render(["endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index", "raft applied index", "errors"], rows)
            : string.Concat(rows.Select(r => string.Join(", ", r) + "\n"));
        return new EtcdctlOutput(stderr.Length == 0 ? 0 : EtcdctlOutput.ExitError, stdout, stderr.ToString());
    }

    private static async Task<EtcdctlOutput> SnapshotSaveAsync(Invocation run, string onHost)
    {
        if (run.Command.Args.Count != 1) throw BadArgs("snapshot save expects one argument");
        if (run.Endpoints.Count != 1)
            throw BadArgs($"snapshot must be requested to one selected node, not multiple [{string.Join(" ", run.Endpoints)}]");
        var path = run.Command.Args[0];
        var started = run.Target.Now;
        var (endpoint, saved) = await run.CallWithEndpointAsync(ep => run.Target.SnapshotSaveAsync(ep, onHost, path, run.Command.CommandTimeout, run.Ct));
        var now = run.Target.Now;
        // What etcdctl 3.4's snapshot manager and clientv3's maintenance client log on the way.
        var stderr = ClientLog.Info(started, "snapshot/v3_snapshot.go:119", "created temporary db file", ("path", path + ".part"))
            + ClientLog.ClientInfo(started, "clientv3/maintenance.go:200", "opened snapshot stream; downloading")
            + ClientLog.Info(started, "snapshot/v3_snapshot.go:127", "fetching snapshot", ("endpoint", endpoint))
            + ClientLog.ClientInfo(now, "clientv3/maintenance.go:208", "completed snapshot read; closing")
            + ClientLog.Info(now, "snapshot/v3_snapshot.go:142", "fetched snapshot", ("endpoint", endpoint), ("size", GoFormat.HumanBytes(saved.Size)),
                ("took", (now - started).Ticks / (double)TimeSpan.TicksPerSecond))
            + ClientLog.Info(now, "snapshot/v3_snapshot.go:152", "saved", ("path", path));
        return new EtcdctlOutput(0, $"Snapshot saved at {path}\n", stderr);
    }

    private static async Task<EtcdctlOutput> SnapshotRestoreAsync(Invocation run, string onHost)
    {
        if (run.Command.Args.Count != 1) throw BadArgs("snapshot restore requires exactly one argument");
        var name = run.Command.Flag("name") ?? "default";
        var request = new SnapshotRestoreRequest(
            run.Command.Args[0],
            name,
            run.Command.Flag("data-dir") ?? name + ".etcd",
            run.Command.Flag("initial-cluster") ?? "default=http://localhost:2380",
            run.Command.Flag("initial-cluster-token") ?? "etcd-cluster",
            run.Command.Flag("initial-advertise-peer-urls") ?? "http://localhost:2380",
            run.Command.IsSet("skip-hash-check"));
        var reply = await run.Target.SnapshotRestoreAsync(onHost, request, run.Ct);
        if (!reply.IsOk) throw Fail(reply.Error.Message);
        return new EtcdctlOutput(0, "", RestoreLog(run.Target.Now, request, reply.Value));
    }

    /// <summary>What etcdctl 3.4's snapshot restore logs: the directories, each member it writes into
    /// the new membership (in ID order, as etcd's membership store lists them), and the end.</summary>
    private static string RestoreLog(TimeSpan now, SnapshotRestoreRequest request, SnapshotRestoreReply reply)
    {
        (string, object)[] dirs =
        [
            ("path", request.SnapshotPath), ("wal-dir", request.DataDir + "/member/wal"),
            ("data-dir", request.DataDir), ("snap-dir", request.DataDir + "/member/snap"),
        ];
        var log = new StringBuilder(ClientLog.Info(now, "snapshot/v3_snapshot.go:296", "restoring snapshot", dirs));
        var members = request.InitialCluster.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split('=', 2)).Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0], kv => kv[1])
            .Select(g => (Id: Identity.EtcdIds.MemberId(g, request.InitialClusterToken), Urls: g.ToArray()))
            .OrderBy(m => m.Id);
        foreach (var (id, urls) in members)
            log.Append(ClientLog.Info(now, "membership/cluster.go:392", "added member",
                ("cluster-id", Identity.EtcdIds.Hex(reply.ClusterId)), ("local-member-id", "0"),
                ("added-peer-id", Identity.EtcdIds.Hex(id)), ("added-peer-peer-urls", urls)));
        log.Append(ClientLog.Info(now, "snapshot/v3_snapshot.go:309", "restored snapshot", dirs));
        return log.ToString();
    }

    private static async Task<EtcdctlOutput> PutAsync(Invocation run)
    {
        if (run.Command.Args.Count != 2) throw BadArgs("put command needs 1 argument and input from stdin or 2 arguments");
        await run.CallAsync(ep => run.Target.PutAsync(ep, run.Command.Args[0], run.Command.Args[1], run.Command.CommandTimeout, run.Ct));
        return Ok("OK\n");
    }

    private static async Task<EtcdctlOutput> GetAsync(Invocation run)
    {
        var args = run.Command.Args;
        if (args.Count is < 1 or > 2) throw BadArgs("get command needs one argument as key and an optional argument as range_end");
        var key = args[0];
        var rangeEnd = args.Count == 2 ? args[1] : run.Command.IsSet("prefix") ? PrefixEnd(key) : null;
        var reply = await run.CallAsync(ep => run.Target.RangeAsync(ep, key, rangeEnd, false, run.Command.CommandTimeout, run.Ct));
        var keysOnly = run.Command.IsSet("keys-only");
        return Ok(string.Concat(reply.Kvs.Select(kv => keysOnly ? $"{kv.Key}\n\n" : $"{kv.Key}\n{kv.Value}\n")));
    }

    /// <summary>The end of the range of keys that start with <paramref name="prefix"/> (clientv3's <c>GetPrefixRangeEnd</c>).</summary>
    public static string PrefixEnd(string prefix)
    {
        var chars = prefix.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] < char.MaxValue)
            {
                chars[i]++;
                return new string(chars, 0, i + 1);
            }
        }
        return "\0";
    }

    private static EtcdctlOutput Ok(string stdout) => new(0, stdout, "");

    /// <summary>etcdctl reads its TLS files before it dials (transport.TLSInfo.ClientConfig: the
    /// certificate, its key, then the CA) and stops at the first it cannot open, with exit code 128:
    /// <c>Error: open /etc/etcd/ca.crt: no such file or directory</c> (etcdctl 3.4.23).</summary>
    private async Task ReadTlsFilesAsync(string onHost, EtcdctlInvocation invocation, CancellationToken ct)
    {
        foreach (var flag in new[] { "cert", "key", "cacert" })
        {
            if (invocation.Flag(flag) is not { Length: > 0 } path) continue;
            byte[]? content;
            try
            {
                content = await target.ReadFileAsync(onHost, path, ct);
            }
            catch (Exceptions.HostActionException)
            {
                content = null; // a path where no host of the lab keeps files: nothing is there
            }
            if (content is null) throw BadArgs($"open {path}: no such file or directory");
        }
    }

    private static ExitException BadArgs(string message) => new(new EtcdctlOutput(EtcdctlOutput.ExitBadArgs, "", $"Error: {message}\n"));

    private static ExitException Fail(string message) => new(new EtcdctlOutput(EtcdctlOutput.ExitError, "", $"Error: {message}\n"));

    /// <summary>Ends a command early with what etcdctl prints, the way its <c>ExitWithError</c> does.</summary>
    private sealed class ExitException(EtcdctlOutput output) : Exception(output.Stderr)
    {
        public EtcdctlOutput Output { get; } = output;
    }

    /// <summary>One command being run: its endpoints, the start time, and clientv3's endpoint choice.</summary>
    private sealed class Invocation(IClusterTarget target, EtcdctlInvocation command, IReadOnlyList<string> endpoints, TimeSpan started, CancellationToken ct)
    {
        public IClusterTarget Target { get; } = target;
        public EtcdctlInvocation Command { get; } = command;
        public IReadOnlyList<string> Endpoints { get; } = endpoints;
        public CancellationToken Ct { get; } = ct;

        public async Task<T> CallAsync<T>(Func<string, Task<RpcResult<T>>> call) where T : class =>
            (await CallWithEndpointAsync(call)).Reply;

        /// <summary>Like clientv3: the first endpoint that accepts a connection serves the call;
        /// when none does, etcdctl gives up after its dial timeout.</summary>
        public async Task<(string Endpoint, T Reply)> CallWithEndpointAsync<T>(Func<string, Task<RpcResult<T>>> call) where T : class
        {
            foreach (var endpoint in Endpoints)
            {
                var result = await call(endpoint);
                if (result.IsOk) return (endpoint, result.Value);
                if (!result.Error.IsConnectionRefused)
                    throw new ExitException(new EtcdctlOutput(EtcdctlOutput.ExitError, "", Warning(result.Error) + $"Error: {result.Error.Message}\n"));
            }
            // etcdctl 3.4 does not block on its dial: the call itself waits for a connection until the
            // command timeout, then fails like any call that timed out (exit 1, not ExitBadConnection).
            await WaitOutCommandTimeoutAsync();
            throw new ExitException(new EtcdctlOutput(EtcdctlOutput.ExitError, "",
                ClientLog.RetryFailed(Target.Now, ClientLog.BalancerTarget(ClientId(Endpoints[0]), Endpoints[0]), ClientLog.CodeName(RpcErrorCode.DeadlineExceeded), ClientLog.NoConnection)
                + $"Error: {RpcError.DeadlineExceeded.Message}\n"));
        }

        /// <summary>clientv3's warning for a call that failed with <paramref name="error"/>; nothing for a
        /// local failure, which no gRPC call made.</summary>
        public string Warning(RpcError error) => error.Code == RpcErrorCode.Local
            ? ""
            : ClientLog.RetryFailed(Target.Now, ClientLog.BalancerTarget(ClientId(Endpoints[0]), Endpoints[0]), ClientLog.CodeName(error.Code), error.Message);

        /// <summary>The id of this command's client for <paramref name="endpoint"/>: fixed by the command and its start.</summary>
        public string ClientId(string endpoint) => ClientLog.ClientId($"{Command}|{endpoint}|{started.Ticks}");

        public async Task WaitOutCommandTimeoutAsync()
        {
            var waited = Target.Now - started;
            if (waited < Command.CommandTimeout) await Target.DelayAsync(Command.CommandTimeout - waited, Ct);
        }

        /// <summary>The endpoints of <c>endpoint health|status</c>: with <c>--cluster</c>, every member's client URLs.</summary>
        public async Task<IReadOnlyList<string>> EndpointsAsync()
        {
            if (!Command.IsSet("cluster")) return Endpoints;
            try
            {
                var list = await CallAsync(ep => Target.MemberListAsync(ep, Command.CommandTimeout, Ct));
                return list.Members.SelectMany(m => m.ClientUrls).ToArray();
            }
            catch (ExitException e)
            {
                var logged = string.Concat(e.Output.Stderr.Split('\n').Where(l => l.StartsWith('{')).Select(l => l + "\n"));
                throw new ExitException(new EtcdctlOutput(EtcdctlOutput.ExitError, "", logged + $"Error: failed to fetch endpoints from etcd cluster member list: {e.Output.Error}\n"));
            }
        }
    }
}
