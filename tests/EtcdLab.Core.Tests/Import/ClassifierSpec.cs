using EtcdLab.Core.Incidents.Import;

namespace EtcdLab.Core.Tests.Import;

public class ClassifierSpec
{
    private static Classification Classify(string incident, string file, int line) =>
        LineClassifier.Classify(Corpus.Parse(incident, file, line)) ?? throw new Xunit.Sdk.XunitException($"{incident}/{file}:{line} not recognised");

    private static Classification Classify(string text) =>
        LineClassifier.Classify(RawFileParser.ParseLine(new RawLine("raw/x.log", 1, text))) ?? throw new Xunit.Sdk.XunitException($"not recognised: {text}");

    [Fact]
    public void Cluster_id_mismatch_should_give_got_and_want()
    {
        var c = Classify("wiped-member-restarted-as-new", "etcd-member-b.log", 2);
        Assert.Equal(LineKind.ClusterIdMismatch, c.Kind);
        Assert.Equal(("5a60902085be31f6", "cdf818194e3a8c32"), (c.Fields["got"], c.Fields["want"]));
    }

    [Fact]
    public void Cluster_id_mismatch_quoted_bare_should_name_the_peer()
    {
        var c = Classify("member-add-started-as-new", "etcd-new-node.log", 2);
        Assert.Equal(LineKind.ClusterIdMismatch, c.Kind);
        Assert.Equal("e6666cb368e6daf8", c.Fields["peer"]);
    }

    [Fact]
    public void Removed_permanently_should_be_recognised() =>
        Assert.Equal(LineKind.RemovedPermanently, Classify("bitnami-removed-member-restarts", "etcd-pod.log", 8).Kind);

    [Fact]
    public void Rejected_stream_from_removed_peer_should_name_it()
    {
        var c = Classify("rke-readded-master-permanently-removed", "dmz-kub-mas-s1.session.txt", 9);
        Assert.Equal(LineKind.RejectedRemovedPeer, c.Kind);
        Assert.Equal("e52199b5fe002b11", c.Fields["peer"]);
    }

    [Theory]
    [InlineData("wiped-member-restarted-tocommit", "etcd-panic.log", 2, "458", "3")]
    [InlineData("bitnami-restored-member-tocommit", "etcd-pod.log", 2, "12", "3")]
    [InlineData("stale-datadir-copied-back", "node1-panic.log", 2, "216", "114")]
    public void Tocommit_out_of_range_should_give_both_indexes(string incident, string file, int line, string tocommit, string last)
    {
        var c = Classify(incident, file, line);
        Assert.Equal(LineKind.ToCommitOutOfRange, c.Kind);
        Assert.Equal((tocommit, last), (c.Fields["tocommit"], c.Fields["last-index"]));
    }

    [Fact]
    public void Bind_cannot_assign_should_give_the_members_own_address()
    {
        var c = Classify("kubeadm-node-ip-changed", "etcd-container.log", 13);
        Assert.Equal(LineKind.CannotAssignAddress, c.Kind);
        Assert.Equal(new MemberSighting(null, null, "192.168.88.242", Self: true), Assert.Single(c.Sightings));
    }

    [Fact]
    public void Unhealthy_cluster_in_zap_and_in_logrus_should_be_recognised()
    {
        Assert.Equal(LineKind.UnhealthyCluster, Classify("k3s-dead-master-blocks-join", "master-03.journal.log", 4).Kind);
        Assert.Equal(LineKind.UnhealthyCluster, Classify("k3s-dead-master-blocks-join", "master-03.journal.log", 5).Kind);
    }

    [Fact]
    public void Member_count_unequal_should_give_the_members_of_the_struct_dump()
    {
        var c = Classify("kubeadm-join-member-count-unequal", "etcd-cp3.log", 2);
        Assert.Equal(LineKind.MemberCountUnequal, c.Kind);
        Assert.Equal("5af0857ece1ce0e5", c.Fields["cluster-id"]);
        Assert.Equal(
            [new("2ef094c895837ef3", null, "172.17.0.3"), new("95047bc387b5a81a", "kinder-regular-control-plane-2", "172.17.0.4"), new("952f31ff200093ba", "kinder-regular-control-plane-1", "172.17.0.5")],
            c.Sightings);
        Assert.Equal(LineKind.MemberCountUnequal, Classify("kubeadm-join-member-count-unequal", "kubeadm-1280-etcd.log", 2).Kind);
    }

    [Fact]
    public void Peer_health_check_should_pair_the_id_with_the_dialled_address()
    {
        var c = Classify("kubespray-new-ips-old-peers", "etcd1-docker.log", 7);
        Assert.Equal(LineKind.PeerUnreachable, c.Kind);
        Assert.Equal(new MemberSighting("3dafe2b104f8980a", null, "10.0.0.11"), Assert.Single(c.Sightings));
    }

    [Fact]
    public void Leader_and_election_lines_should_give_term_and_ids()
    {
        var elected = Classify("bitnami-removed-member-restarts", "bitnami-1908-etcd-pod.log", 5);
        Assert.Equal((LineKind.LeaderElected, "b64def235981cdc4", "491212fc9af6c8e2", "5"), (elected.Kind, elected.Fields["self"], elected.Fields["leader"], elected.Fields["term"]));
        var vote = Classify("kubespray-new-ips-old-peers", "etcd1-docker.log", 5);
        Assert.Equal((LineKind.Election, "3dafe2b104f8980a", "1753"), (vote.Kind, vote.Fields["peer"], vote.Fields["term"]));
        Assert.Equal(LineKind.LeaderLost, Classify("2019-01-01 00:00:00.000000 I | raft: 8e9e05c52164694d lost leader 91bc3c398fb3c146 at term 3").Kind);
    }

    [Fact]
    public void Member_id_mismatch_should_name_the_logging_member()
    {
        var c = Classify("bitnami-removed-member-restarts", "bitnami-1908-etcd-pod.log", 4);
        Assert.Equal(LineKind.MemberIdMismatch, c.Kind);
        Assert.Equal(new MemberSighting("b64def235981cdc4", null, null, Self: true), Assert.Single(c.Sightings));
    }

    [Theory]
    [InlineData("2021-04-09 22:51:04.146020 I | etcdserver/membership: added member 8e9e05c52164694d [http://10.0.0.11:2380] to cluster cdf818194e3a8c32", "8e9e05c52164694d")]
    [InlineData("""{"level":"info","ts":"2023-01-30T06:45:13.393Z","caller":"membership/cluster.go:421","msg":"added member","cluster-id":"cdf818194e3a8c32","local-member-id":"8e9e05c52164694d","added-peer-id":"8e9e05c52164694d","added-peer-peer-urls":["http://10.0.0.11:2380"]}""", "8e9e05c52164694d")]
    [InlineData("Member 5a3e1c4b2f0d9e17 added to cluster 9a1f0c0b0e0d0c0a", "5a3e1c4b2f0d9e17")]
    public void Member_added_should_be_recognised_in_capnslog_zap_and_etcdctl(string text, string id)
    {
        var c = Classify(text);
        Assert.Equal((LineKind.MemberAdded, id), (c.Kind, c.Fields["id"]));
    }

    [Fact]
    public void V2_member_add_answer_should_pair_name_and_id()
    {
        var c = Classify("force-new-cluster-backup-localhost", "session-7447.txt", 22);
        Assert.Equal(new MemberSighting("c7059fa5", "10.21.74.106", null, Joining: true), Assert.Single(c.Sightings));
    }

    [Theory]
    [InlineData("2019-01-01 00:00:00.000000 I | etcdserver/membership: removed member 91bc3c398fb3c146 from cluster cdf818194e3a8c32", LineKind.MemberRemoved)]
    [InlineData("Member 91bc3c398fb3c146 removed from cluster cdf818194e3a8c32", LineKind.MemberRemoved)]
    [InlineData("Error: etcdserver: not enough started members", LineKind.NotEnoughStartedMembers)]
    [InlineData("""{"level":"warn","ts":"2023-01-30T06:45:13.393Z","caller":"etcdserver/server.go:2000","msg":"failed to publish local member to cluster through raft","error":"etcdserver: request timed out"}""", LineKind.PublishFailed)]
    [InlineData("2019-01-01 00:00:00.000000 I | etcdserver: restoring snapshot", LineKind.SnapshotRestore)]
    [InlineData("2019-01-01 00:00:00.000000 I | etcdserver: starting member 8e9e05c52164694d in cluster cdf818194e3a8c32", LineKind.ServerStarting)]
    public void Other_kinds_should_be_recognised(string text, LineKind kind) => Assert.Equal(kind, Classify(text).Kind);

    [Fact]
    public void Start_lines_should_give_version_name_and_self_address()
    {
        Assert.Equal("3.4.3", Classify("kubeadm-node-ip-changed", "etcd-container.log", 4).Fields["version"]);
        var peers = Classify("single-member-snapshot-restore-live", "node3.journal.log", 11);
        Assert.Equal(new MemberSighting(null, null, "192.168.0.83", Self: true), Assert.Single(peers.Sightings));
        Assert.Equal("new", Classify("bitnami-removed-member-restarts", "etcd-pod.log", 6).Fields["initial-cluster-state"]);
    }

    [Fact]
    public void Lines_of_no_kind_should_not_be_recognised() =>
        Assert.Null(LineClassifier.Classify(Corpus.Parse("bitnami-removed-member-restarts", "etcd-pod.log", 3)));
}
