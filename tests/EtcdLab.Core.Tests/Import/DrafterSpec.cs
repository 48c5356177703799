using EtcdLab.Core.Incidents.Import;
using YamlDotNet.RepresentationModel;

namespace EtcdLab.Core.Tests.Import;

public class DrafterSpec
{
    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    [Fact]
    public void Kubespray_draft_should_map_ids_to_dialled_addresses_on_loopback()
    {
        var draft = Corpus.Draft("kubespray-new-ips-old-peers");
        var x = LoopbackPlan.SubnetFor("kubespray-new-ips-old-peers");
        Assert.InRange(x, 2, 254);
        Assert.Equal(
            [("m1", $"127.0.{x}.1", null, "147e37ea76d85cfa"), ("m2", $"127.0.{x}.2", "10.0.0.11", "3dafe2b104f8980a"), ("m3", $"127.0.{x}.3", "10.0.0.12", "57b8fd871fed148d")],
            draft.Hosts.Select(h => (h.Name, h.Ip, h.WasAddress, h.WasId)));
        Assert.All(draft.Entries, e => Assert.Equal("m1", e.Host));
        Assert.Equal([LineKind.Election, LineKind.Election, LineKind.Election, LineKind.Election, LineKind.Election, LineKind.PeerUnreachable, LineKind.PeerUnreachable],
            draft.Entries.Select(e => e.Kind!.Value));
        var symptom = Assert.Single(draft.Symptoms);
        Assert.Equal(("log", "health check for peer * could not connect", "m1", 6), (symptom.Key, symptom.Text, symptom.On, symptom.After));
    }

    [Fact]
    public void Bitnami_draft_should_order_by_time_and_keep_unrecognised_lines_as_comments()
    {
        var draft = Corpus.Draft("bitnami-removed-member-restarts");
        // To the second: the raft logger writes whole seconds (see below).
        var times = draft.Entries.Where(e => !e.At.StartsWith('+')).Select(e => e.At[..19]).ToList();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
        // The raft logger's whole second stays after the microsecond line before it in its file.
        var elected = draft.Entries.Single(e => e.Kind == LineKind.LeaderElected);
        Assert.Equal("raw/bitnami-1908-etcd-pod.log:5", elected.Lines.Single().Where);
        Assert.True(draft.Entries.Single(e => e.Lines.Any(l => l.Where == "raw/bitnami-1908-etcd-pod.log:4")).Number < elected.Number);
        var comments = draft.Timeline.SelectMany(t => t.Comments).ToList();
        Assert.Contains("unrecognised (raw/etcd-pod.log:3): ==> Detected data from previous deployments...", comments);
        Assert.Contains("unrecognised (raw/etcd-pod.log:7): ...", comments);
        Assert.Equal(6, draft.Files.Single(f => f.File == "raw/etcd-pod.log").Unrecognised);
        Assert.Contains(draft.Symptoms, s => s.Kind == LineKind.PublishFailed && s.On == "m1");
        var removed = draft.Entries.Single(e => e.Kind == LineKind.RemovedPermanently);
        Assert.Equal(("log", "etcdserver: the member has been permanently removed from the cluster", "m1"), (removed.Key, removed.Value, removed.Host));
    }

    [Fact]
    public void Rke_draft_should_name_hosts_from_prompt_and_member_list_and_map_docker_exec_etcdctl()
    {
        var draft = Corpus.Draft("rke-readded-master-permanently-removed");
        var s1 = draft.Hosts.Single(h => h.WasName == "dmz-kub-mas-s1");
        Assert.Contains(draft.Hosts, h => (h.WasName, h.WasId, h.WasAddress) == ("etcd-dmz-kub-mas-s3", "70f983b4851be2a1", "172.27.26.102"));
        var list = draft.Entries.First(e => e.Key == "etcdctl");
        Assert.Equal(("member list", s1.Name), (list.Value, list.Host));
        var output = draft.Entries.First(e => e.Key == "output");
        Assert.Equal("docker exec etcd etcdctl member list", output.Of);
        Assert.Equal(2, output.Lines.Count);
        Assert.Contains(draft.Entries, e => e.Kind == LineKind.RejectedRemovedPeer && e.Host == s1.Name);
        Assert.Equal("3.4.13", draft.Etcd);
    }

    [Fact]
    public void K3s_draft_should_join_a_journald_host_name_to_its_suffixed_member_name_and_mark_it_joining()
    {
        var draft = Corpus.Draft("k3s-dead-master-blocks-join");
        var joining = draft.Hosts.Single(h => h.WasName == "master-03");
        Assert.True(joining.Spare);
        Assert.Equal("192.168.0.13", joining.WasAddress);
        Assert.Contains("master-03-e2ec81cc", joining.OtherNames);
        Assert.Contains(draft.Symptoms, s => (s.Key, s.Text, s.On) == ("error", "etcdserver: unhealthy cluster", joining.Name));
    }

    [Fact]
    public void Single_member_restore_draft_should_map_history_to_steps_with_loopback_addresses()
    {
        var draft = Corpus.Draft("single-member-snapshot-restore-live");
        var node3 = Assert.Single(draft.Hosts);
        Assert.Equal(("node3", "192.168.0.83"), (node3.WasName, node3.WasAddress));
        var steps = draft.Entries.Where(e => e.IsStep).Select(e => (e.Key, e.Value)).ToList();
        // rm -rf of the incident's own data dir paths stays a note: the lab's data dir is /var/lib/etcd,
        // and the loader would refuse the step.
        Assert.Equal(
            [("etcdctl", "snapshot restore /tmp/83.snapshot.db --data-dir=/data/etcd/intranet-test.data"), ("shell", "systemctl start etcd"),
             ("etcdctl", $"snapshot save /tmp/83.snapshot.db --endpoints={node3.Ip}:2379"), ("shell", "systemctl stop etcd"),
             ("etcdctl", "snapshot restore /tmp/83.snapshot.db --data-dir=/data/etcd/intranet-test.data"), ("shell", "systemctl start etcd")],
            steps);
        Assert.Equal("3.3.0", draft.Etcd);
        Assert.Contains(draft.Entries, e => e.Kind == LineKind.SnapshotRestore);
    }

    [Fact]
    public void No_step_should_carry_an_address_outside_loopback_in_any_corpus_draft()
    {
        foreach (var folder in Directory.GetDirectories(Path.Combine(ScenarioFilesSpec.RepoRoot, "incidents")))
        {
            var draft = IncidentDraft.From(Path.GetFileName(folder), RawInputs.Read([folder]));
            foreach (var step in draft.Entries.Where(e => e.IsStep))
                Assert.DoesNotMatch(@"\b(?!127\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b", step.Value);
            Assert.All(draft.Hosts, h => Assert.StartsWith($"127.0.{LoopbackPlan.SubnetFor(draft.Name)}.", h.Ip));
            Assert.DoesNotContain(LoopbackPlan.SubnetFor(draft.Name), new[] { 0, 1 });
        }
    }

    [Fact]
    public void Every_corpus_line_should_end_up_in_an_entry_or_a_comment_and_the_draft_should_load_back()
    {
        foreach (var folder in Directory.GetDirectories(Path.Combine(ScenarioFilesSpec.RepoRoot, "incidents")))
        {
            var draft = IncidentDraft.From(Path.GetFileName(folder), RawInputs.Read([folder]));
            foreach (var f in draft.Files)
                Assert.True(f.Lines == f.Recognised + f.Unrecognised + f.Annotations + f.Blank, $"{draft.Name} {f}");
            var yaml = draft.ToYaml();
            var root = Load(yaml);
            Assert.Equal(draft.Name, ((YamlScalarNode)root["incident"]).Value);
            var timeline = (YamlSequenceNode)root["timeline"];
            Assert.Equal(draft.Entries.Count, timeline.Children.Count);
            foreach (var raw in draft.Timeline.SelectMany(t => t.Comments).Where(c => c.StartsWith("unrecognised (", StringComparison.Ordinal)))
                Assert.Contains("# " + raw, yaml);
        }
    }
}
