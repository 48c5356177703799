using EtcdLab.Core.Incidents.Import;

namespace EtcdLab.Core.Tests.Import;

public class ParserSpec
{
    [Fact]
    public void Capnslog_should_read_time_level_package_and_message()
    {
        var line = Assert.IsType<LogLine>(Corpus.Parse("bitnami-removed-member-restarts", "etcd-pod.log", 8));
        Assert.Equal(LogFormat.Capnslog, line.Format);
        Assert.Equal(new DateTime(2019, 11, 21, 10, 13, 52).AddTicks(6750470), line.Time);
        Assert.Equal("E", line.Level);
        Assert.Equal("etcdserver", line.Logger);
        Assert.Equal("the member has been permanently removed from the cluster", line.Message);
        Assert.Equal("raw/etcd-pod.log", line.Raw.File);
        Assert.StartsWith("2019-11-21 10:13:52.675047 E | ", line.Raw.Text);
    }

    [Fact]
    public void Raft_logger_line_of_3_4_should_read_with_second_precision()
    {
        var line = Assert.IsType<LogLine>(Corpus.Parse("bitnami-removed-member-restarts", "bitnami-1908-etcd-pod.log", 5));
        Assert.Equal(LogFormat.RaftLogger, line.Format);
        Assert.Equal(new DateTime(2020, 2, 11, 8, 57, 36), line.Time);
        Assert.Equal("b64def235981cdc4 elected leader 491212fc9af6c8e2 at term 5", line.Message);
    }

    [Fact]
    public void Zap_line_inside_journald_should_keep_host_process_and_fields()
    {
        var line = Assert.IsType<LogLine>(Corpus.Parse("k3s-dead-master-blocks-join", "master-03.journal.log", 4));
        Assert.Equal(LogFormat.Zap, line.Format);
        Assert.Equal("master-03", line.Host);
        Assert.Equal("k3s", line.Prefix.Process);
        Assert.Equal(1952, line.Prefix.Pid);
        Assert.Equal(new DateTime(2020, 12, 21, 15, 0, 45, 905, DateTimeKind.Utc), line.Time);
        Assert.Equal("retrying of unary invoker failed", line.Message);
        Assert.Equal("rpc error: code = Unavailable desc = etcdserver: unhealthy cluster", line.Fields["error"]);
        Assert.Equal("0", line.Fields["attempt"]);
        Assert.True(line.IsClientSide);
    }

    [Theory]
    [InlineData("""{"level":"info","ts":1635494400.5,"caller":"etcdserver/server.go:1","msg":"added member"}""", 2021, 10, 29, 8, 0, 0, 500)]
    [InlineData("""{"level":"warn","ts":"2024-07-23T19:03:13.248-0500","msg":"x"}""", 2024, 7, 23, 19, 3, 13, 248)]
    [InlineData("""{"level":"warn","ts":"2025-12-17T10:04:21.496Z","msg":"x"}""", 2025, 12, 17, 10, 4, 21, 496)]
    public void Zap_ts_should_read_as_epoch_or_iso_with_offset_or_Z(string text, int y, int mo, int d, int h, int mi, int s, int ms)
    {
        var line = Assert.IsType<LogLine>(RawFileParser.ParseLine(new RawLine("raw/x.log", 1, text)));
        Assert.Equal(new DateTime(y, mo, d, h, mi, s, ms), DateTime.SpecifyKind(line.Time!.Value, DateTimeKind.Unspecified));
    }

    [Fact]
    public void Logrus_line_cut_mid_message_should_still_read()
    {
        var line = Assert.IsType<LogLine>(Corpus.Parse("rke-readded-master-permanently-removed", "rke-up.log", 2));
        Assert.Equal(LogFormat.Logrus, line.Format);
        Assert.Equal("warning", line.Level);
        Assert.EndsWith("The servic", line.Message);
    }

    [Fact]
    public void Cut_journald_prefix_should_give_host_and_pid_but_no_time()
    {
        var line = Assert.IsType<LogLine>(Corpus.Parse("single-member-snapshot-restore-live", "node3.journal.log", 32));
        Assert.Equal(LogFormat.Bare, line.Format);
        Assert.Equal("node3", line.Host);
        Assert.Equal(9262, line.Prefix.Pid);
        Assert.Equal("50:06", line.Prefix.Clock);
        Assert.Null(line.Time);
        Assert.Equal("recovered store from snapshot at index 1", line.Message);
    }

    [Fact]
    public void Prompted_commands_and_glued_output_should_be_told_apart()
    {
        var command = Assert.IsType<ShellCommand>(Corpus.Parse("rke-readded-master-permanently-removed", "dmz-kub-mas-s1.session.txt", 3));
        Assert.Equal("docker exec etcd etcdctl member list", command.Command);
        Assert.Equal("dmz-kub-mas-s1", command.Host);
        Assert.Equal(HistoryStyle.Prompt, command.Style);
        var row = Assert.IsType<MemberListRow>(Corpus.Parse("rke-readded-master-permanently-removed", "dmz-kub-mas-s1.session.txt", 4));
        Assert.Equal("etcd-dmz-kub-mas-s3", row.Name);
        var glued = Assert.IsType<LogLine>(Corpus.Parse("rke-readded-master-permanently-removed", "dmz-kub-mas-s1.session.txt", 9));
        Assert.Equal("rafthttp", glued.Logger);
    }

    [Theory]
    [InlineData("  123  2021-10-29 08:00:00 etcdctl member list", HistoryStyle.BashTimestamped, "etcdctl member list")]
    [InlineData(": 1635494400:0;systemctl stop etcd", HistoryStyle.ZshExtended, "systemctl stop etcd")]
    [InlineData("$ rm -rf /data/etcd/*", HistoryStyle.Prompt, "rm -rf /data/etcd/*")]
    [InlineData("systemctl restart etcd", HistoryStyle.Bare, "systemctl restart etcd")]
    public void Shell_history_should_read_bash_zsh_prompt_and_bare_commands(string text, HistoryStyle style, string command)
    {
        var line = Assert.IsType<ShellCommand>(RawFileParser.ParseLine(new RawLine("raw/history.txt", 1, text)));
        Assert.Equal(style, line.Style);
        Assert.Equal(command, line.Command);
        Assert.Equal(style is HistoryStyle.BashTimestamped or HistoryStyle.ZshExtended, line.Time == new DateTime(2021, 10, 29, 8, 0, 0));
    }

    [Fact]
    public void Member_list_v3_simple_should_keep_an_unpadded_id()
    {
        var row = Assert.IsType<MemberListRow>(Corpus.Parse("stale-members-block-readd", "member-list.txt", 4));
        Assert.Equal(("b26aceda033c826", "started", "etcd2-k8s", 3), (row.Id, row.Status, row.Name, row.Api));
        Assert.Equal(["https://192.168.0.71:2380"], row.PeerUrls);
        Assert.False(row.IsLearner);
    }

    [Fact]
    public void Member_list_v2_should_read_several_peer_urls_and_the_leader()
    {
        var row = Assert.IsType<MemberListRow>(Corpus.Parse("force-new-cluster-backup-localhost", "session-7447.txt", 20));
        Assert.Equal(2, row.Api);
        Assert.Equal("5aab64a5fb01", row.Id);
        Assert.Equal(["http://localhost:7001", "http://localhost:2380"], row.PeerUrls);
        Assert.True(row.IsLeader);
    }

    [Fact]
    public void Member_list_table_should_read()
    {
        var row = Assert.IsType<MemberListRow>(RawFileParser.ParseLine(new RawLine("raw/t", 1, "| 8e9e05c52164694d | started | default | http://localhost:2380 | http://127.0.0.1:2379 |      false |")));
        Assert.Equal(("8e9e05c52164694d", "default"), (row.Id, row.Name));
    }

    [Theory]
    [InlineData("https://10.0.0.11:2379, 8e9e05c52164694d, 3.4.13, 20 kB, true, false, 2, 8, 8, ", 2L, 8L)]
    [InlineData("| https://10.0.0.11:2379 | 8e9e05c52164694d |  3.4.13 |   20 kB |      true |      false |         2 |          8 |                  8 |        |", 2L, 8L)]
    [InlineData("http://127.0.0.1:2379, 8e9e05c52164694d, 3.3.13, 20 kB, false, 7, 9", 7L, 9L)]
    public void Endpoint_status_should_read_simple_and_table(string text, long term, long index)
    {
        var row = Assert.IsType<EndpointStatusRow>(RawFileParser.ParseLine(new RawLine("raw/s", 1, text)));
        Assert.Equal("8e9e05c52164694d", row.Id);
        Assert.Equal((term, index), (row.RaftTerm, row.RaftIndex));
    }

    [Fact]
    public void Endpoint_health_cut_and_v2_cluster_health_should_read()
    {
        var cut = Assert.IsType<EndpointHealthRow>(Corpus.Parse("wiped-member-restarted-as-new", "endpoint-health.txt", 6));
        Assert.True(cut.Healthy);
        Assert.Null(cut.Endpoint);
        var v2 = Assert.IsType<EndpointHealthRow>(Corpus.Parse("force-new-cluster-backup-localhost", "session-7447.txt", 17));
        Assert.Equal(("5aab64a5fb01", "http://10.21.91.148:2379"), (v2.MemberId, v2.Endpoint));
    }

    [Fact]
    public void Panic_with_editor_line_numbers_should_read_and_its_trace_follow()
    {
        var file = RawFileParser.Parse(Corpus.Raw("stale-datadir-copied-back").Single(r => r.Name == "raw/node1-panic.log"));
        Assert.IsType<PanicLine>(file.Lines[1]);
        Assert.True(Assert.IsType<TextLine>(file.Lines[2]).IsBlank);
        Assert.All(file.Lines.Skip(3), l => Assert.IsType<TraceLine>(l));
    }

    [Fact]
    public void Every_corpus_line_should_be_parsed_into_exactly_one_record()
    {
        foreach (var folder in Directory.GetDirectories(Path.Combine(ScenarioFilesSpec.RepoRoot, "incidents")))
            foreach (var input in RawInputs.Read([folder]))
            {
                var file = RawFileParser.Parse(input);
                Assert.Equal(input.Text.TrimEnd('\n').Split('\n').Length, file.Lines.Count);
                Assert.All(file.Lines.Select((l, i) => (l, i)), x => Assert.Equal(x.i + 1, x.l.Raw.Number));
            }
    }
}
