using System.Collections.Immutable;
using EtcdLab.Core.Identity;
using EtcdLab.Sim.Raft;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Server;

internal sealed partial class EtcdServer
{
    /// <summary>
    /// etcdmain + embed.StartEtcd + etcdserver.NewServer: validates flags, binds listeners and
    /// bootstraps from --initial-cluster (no WAL, new), joins (no WAL, existing) or restarts from the
    /// data dir (WAL present: every --initial-cluster* flag is ignored). Returns the running server,
    /// or how etcd exits before it serves.
    /// </summary>
    public static (EtcdServer? Server, EtcdExit? Exit) Start(EtcdConfig cfg, StartContext ctx, IServerHost host, Prng rng, SimulationOptions options)
    {
        if (cfg.Refused is { } refused) return (null, refused);
        foreach (var url in cfg.ListenPeerUrls.Concat(cfg.ListenClientUrls))
        {
            var h = Urls.Host(url);
            if (h != ctx.HostIp && !Urls.IsWildcard(h) && !Urls.IsLoopbackName(h))
                return (null, EtcdExit.Fatal($"listen tcp {h}:{Urls.Port(url)}: bind: cannot assign requested address"));
        }

        var existingDir = ctx.LoadDataDir(cfg.DataDir);
        // embed.StartEtcd reads --initial-cluster only for a member without a WAL.
        if (existingDir is null && UrlsMap.TryParse(cfg.InitialCluster, out _) is { } badCluster)
            return (null, EtcdExit.Fatal($"error setting up initial cluster: {badCluster}"));
        string? error;
        EtcdServer? server;
        if (existingDir is not null) (server, error) = Restart(cfg, existingDir, host, rng, options);
        else if (cfg.NewCluster) (server, error) = BootstrapNew(cfg, ctx, host, rng, options);
        else (server, error) = JoinExisting(cfg, ctx, host, rng, options);
        if (server is null) return (null, EtcdExit.Fatal(error!));
        server.Begin();
        return (server, null);
    }

    private static string? HasLocalMember(EtcdConfig cfg, UrlsMap map) =>
        map[cfg.Name] is null ? $"couldn't find local name \"{cfg.Name}\" in the initial cluster configuration" : null;

    /// <summary>ServerConfig.VerifyBootstrap (also what <c>snapshot restore</c> runs).</summary>
    public static string? VerifyBootstrap(string name, IReadOnlyList<string> advertisePeerUrls, UrlsMap map)
    {
        if (map[name] is null) return $"couldn't find local name \"{name}\" in the initial cluster configuration";
        if (AdvertiseMatchesCluster(name, advertisePeerUrls, map) is { } mismatch) return mismatch;
        if (map.HasDuplicateUrl()) return $"initial cluster {map} has duplicate url";
        return null;
    }

    private static string? AdvertiseMatchesCluster(string name, IReadOnlyList<string> advertise, UrlsMap map)
    {
        var urls = map[name]!.OrderBy(u => u, StringComparer.Ordinal).ToList();
        var apurls = advertise.OrderBy(u => u, StringComparer.Ordinal).ToList();
        if (Urls.StringsEqual(apurls, urls, out var err)) return null;
        var missing = urls.Where(u => !apurls.Contains(u)).Select(u => $"{name}={u}").ToList();
        if (missing.Count > 0)
            return $"--initial-cluster has {string.Join(",", missing)} but missing from --initial-advertise-peer-urls={string.Join(",", apurls)} ({err})";
        var extra = apurls.Where(u => !urls.Contains(u)).ToList();
        var umap = string.Join(",", apurls.Select(u => $"{name}={u}"));
        if (extra.Count > 0) return $"--initial-advertise-peer-urls has {string.Join(",", extra)} but missing from --initial-cluster={umap}";
        return $"failed to resolve {string.Join(",", apurls)} to match --initial-cluster={umap} ({err})";
    }

    /// <summary>membership.NewClusterFromURLsMap: one member per name, IDs from peer URLs and token, sorted by ID.</summary>
    public static List<Member> MembersFromMap(UrlsMap map, string token) =>
        map.Names.Select(n => new Member(EtcdIds.MemberId(map[n]!, token), n, map[n]!.ToArray(), [], false, false))
            .OrderBy(m => m.Id).ToList();

    private static ClusterInfo? FetchFromPeers(StartContext ctx, IEnumerable<Member> members, string localName)
    {
        var urls = members.Where(m => m.Name != localName).SelectMany(m => m.PeerUrls).OrderBy(u => u, StringComparer.Ordinal);
        foreach (var url in urls)
            if (ctx.FetchMembers(url) is { } info) return info;
        return null;
    }

    private static (EtcdServer?, string?) BootstrapNew(EtcdConfig cfg, StartContext ctx, IServerHost host, Prng rng, SimulationOptions options)
    {
        var map = UrlsMap.Parse(cfg.InitialCluster);
        if (VerifyBootstrap(cfg.Name, cfg.InitialAdvertisePeerUrls, map) is { } err) return (null, err);
        var members = MembersFromMap(map, cfg.InitialClusterToken);
        var self = members.First(m => m.Name == cfg.Name);
        // isMemberBootstrapped: another listed peer already knows this member with client URLs.
        if (FetchFromPeers(ctx, members, cfg.Name) is { } remote
            && remote.Members.FirstOrDefault(m => m.Id == self.Id) is { ClientUrls.Count: > 0 })
            return (null, $"member {self.Id:x} has already been bootstrapped");

        var clusterId = EtcdIds.ClusterId(members.Select(m => m.Id));
        var storage = BootstrapLog(members);
        var dir = new DataDir(self.Id, clusterId, storage, ServerState.Empty);
        ctx.SaveDataDir(cfg.DataDir, dir);
        var conf = new ConfState(members.Select(m => m.Id).ToArray(), []);
        return (new EtcdServer(cfg, dir, storage, conf, host, rng, options), null);
    }

    /// <summary>raft.StartNode's bootstrap: one ConfChangeAddNode per member at indexes 1..N, term 1, all committed.</summary>
    public static RaftStorage BootstrapLog(IReadOnlyList<Member> members)
    {
        var storage = new RaftStorage { Term = 1 };
        for (var i = 0; i < members.Count; i++)
        {
            var cc = new ConfChange(0, ConfChangeType.AddNode, members[i].Id, new MemberContext(members[i], IsPromote: false));
            storage.Entries.Add(new Entry((ulong)i + 1, 1, EntryType.ConfChange, cc));
        }
        storage.Commit = (ulong)members.Count;
        return storage;
    }

    private static (EtcdServer?, string?) JoinExisting(EtcdConfig cfg, StartContext ctx, IServerHost host, Prng rng, SimulationOptions options)
    {
        var map = UrlsMap.Parse(cfg.InitialCluster);
        if (HasLocalMember(cfg, map) is { } missing) return (null, missing);
        if (map.HasDuplicateUrl()) return (null, $"initial cluster {map} has duplicate url");
        var local = MembersFromMap(map, cfg.InitialClusterToken);
        var existing = FetchFromPeers(ctx, local, cfg.Name);
        if (existing is null) return (null, "cannot fetch cluster info from peer urls: could not retrieve cluster information from the given URLs");
        if (ValidateClusterAndAssignIds(local, existing.Members) is { } invalid)
            return (null, $"error validating peerURLs {ClusterString(existing)}: {invalid}");
        var self = local.First(m => m.Name == cfg.Name);
        var dir = new DataDir(self.Id, existing.ClusterId, new RaftStorage(), ServerState.Empty);
        ctx.SaveDataDir(cfg.DataDir, dir);
        // No peers: raft starts empty and learns the configuration from the leader's log or
        // snapshot. Until then the members exist only in memory (etcd's cl.members; the store,
        // which apply-time validation reads, is empty).
        var server = new EtcdServer(cfg, dir, dir.Raft, ConfState.Empty, host, rng, options) { _joinMembers = local };
        return (server, null);
    }

    /// <summary>membership.ValidateClusterAndAssignIDs: local members take the IDs of the running cluster's members with the same peer URLs.</summary>
    private static string? ValidateClusterAndAssignIds(List<Member> local, IReadOnlyList<Member> existing)
    {
        if (local.Count != existing.Count) return "member count is unequal";
        var ems = existing.OrderBy(m => m.PeerUrls.FirstOrDefault() ?? "", StringComparer.Ordinal).ToList();
        var lms = local.OrderBy(m => m.PeerUrls.FirstOrDefault() ?? "", StringComparer.Ordinal).ToList();
        for (var i = 0; i < ems.Count; i++)
        {
            if (!Urls.StringsEqual(ems[i].PeerUrls, lms[i].PeerUrls, out var err))
                return $"PeerURLs: no match found for existing member ({Urls.GoList(ems[i].PeerUrls)}, {Urls.GoList(lms[i].PeerUrls)}), last resolver error ({err})";
            lms[i] = lms[i] with { Id = ems[i].Id };
        }
        local.Clear();
        local.AddRange(lms.OrderBy(m => m.Id));
        return null;
    }

    /// <summary>RaftCluster.String() of a cluster fetched from a peer (members sorted by ID; Go's map order is random).</summary>
    private static string ClusterString(ClusterInfo info) =>
        $"{{ClusterID:{info.ClusterId:x} Members:[{string.Join(" ", info.Members.OrderBy(m => m.Id).Select(m => m.GoFormat()))}] RemovedMemberIDs:[]}}";

    private static (EtcdServer?, string?) Restart(EtcdConfig cfg, DataDir dir, IServerHost host, Prng rng, SimulationOptions options)
    {
        dir.State = dir.State.Reloaded();
        var storage = dir.Raft;
        if (cfg.ForceNewCluster)
        {
            // The entries past the commit index this member knows are dropped and replaced: the cluster's history
            // goes on from there, whatever members left behind had applied at those indexes.
            host.Monitor?.ForcedNewCluster(dir.ClusterId, dir.MemberId, storage.Commit + 1);
            ForceNewCluster(dir);
        }
        return (new EtcdServer(cfg, dir, storage, dir.State.Conf, host, rng, options), null);
    }

    /// <summary>
    /// restartAsStandaloneNode: drop uncommitted entries, then append and commit a removal of every
    /// other member (adding self with http://localhost:2380 first when it is absent). Runs at every
    /// start while the flag is set.
    /// </summary>
    private static void ForceNewCluster(DataDir dir)
    {
        var storage = dir.Raft;
        var log = new RaftLog(storage, dir.State.AppliedIndex);
        var keep = (int)(storage.Commit - storage.Snapshot.Index);
        if (keep < storage.Entries.Count) storage.Entries.RemoveRange(keep, storage.Entries.Count - keep);

        var ids = new SortedSet<ulong>(storage.Snapshot.Index >= dir.State.AppliedIndex ? storage.Snapshot.ConfState.Voters : dir.State.Conf.Voters);
        var replayFrom = Math.Max(storage.Snapshot.Index, dir.State.AppliedIndex) + 1;
        foreach (var e in storage.Entries)
        {
            if (e.Index < replayFrom || e.Type != EntryType.ConfChange || e.Data is not ConfChange cc) continue;
            switch (cc.Type)
            {
                case ConfChangeType.AddNode:
                    ids.Add(cc.NodeId);
                    break;
                case ConfChangeType.RemoveNode:
                    ids.Remove(cc.NodeId);
                    break;
            }
        }

        var next = log.LastIndex + 1;
        var term = storage.Term;
        if (!ids.Contains(dir.MemberId))
        {
            var self = new Member(dir.MemberId, "", ["http://localhost:2380"], [], false, false);
            storage.Entries.Add(new Entry(next++, term, EntryType.ConfChange, new ConfChange(0, ConfChangeType.AddNode, dir.MemberId, new MemberContext(self, false))));
        }
        foreach (var id in ids)
        {
            if (id == dir.MemberId) continue;
            storage.Entries.Add(new Entry(next++, term, EntryType.ConfChange, new ConfChange(0, ConfChangeType.RemoveNode, id, null)));
        }
        storage.Commit = next - 1;
    }

    /// <summary>What EtcdServer.Start does once the server exists: tell the network, dial peers, publish.</summary>
    private void Begin()
    {
        _host.ViewChanged();
        _versionCheckAt = Now + MonitorVersionIntervalMicros;
        if (State.Members.Count <= 1 && _raft.ConfState.Voters.Count <= 1) _raft.AdvanceTicks(ElectionTicks - 1);
        else
        {
            _adjustTicksAt = Now + AdjustTicksPollMicros;
            _adjustTicksUntil = Now + _options.PeerStreamReadTimeoutMicros;
        }
        Publish();
        Process();
    }
}
