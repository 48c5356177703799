using EtcdLab.Core.Etcdctl;

namespace EtcdLab.Core.Tests;

public class EtcdctlParserSpec
{
    [Fact]
    public void A_prefixed_line_should_keep_etcdctls_argv_and_pass_its_environment()
    {
        var parsed = EtcdctlParser.Parse("sudo ETCDCTL_API=2 /opt/bin/etcdctl -C http://127.0.1.1:2379 member remove 8372784203e11288");
        Assert.Equal(2, parsed.Api);
        Assert.Equal(EtcdctlCommand.MemberRemove, parsed.Command);
        Assert.Equal(["-C", "http://127.0.1.1:2379", "member", "remove", "8372784203e11288"], parsed.Argv);
        Assert.Equal(["8372784203e11288"], parsed.Args);
        Assert.Equal("2", parsed.Environment["ETCDCTL_API"]);
        Assert.Equal(["http://127.0.1.1:2379"], parsed.Endpoints);
    }

    [Theory]
    [InlineData("member list", 3)]
    [InlineData("etcdctl member list", 3)]
    [InlineData("ETCDCTL_API=3 etcdctl member list", 3)]
    [InlineData("ETCDCTL_API= etcdctl member list", 3)]
    [InlineData("ETCDCTL_API=2 etcdctl member list", 2)]
    public void Without_ETCDCTL_API_2_etcdctl_3_4_should_speak_v3(string line, int api) =>
        Assert.Equal(api, EtcdctlParser.Parse(line).Api);

    [Fact]
    public void Cobra_should_find_the_command_words_past_a_flag_and_its_value()
    {
        // Runbook 001: `snapshot --data-dir /var/lib/etcd_backup/etcd restore backup.db`.
        var parsed = EtcdctlParser.Parse("snapshot --data-dir /var/lib/etcd_backup/etcd restore /var/lib/backup.db --name m1");
        Assert.Equal(EtcdctlCommand.SnapshotRestore, parsed.Command);
        Assert.Equal(["/var/lib/backup.db"], parsed.Args);
        Assert.Equal("/var/lib/etcd_backup/etcd", parsed.Flag("data-dir"));
    }

    [Fact]
    public void A_backslash_at_a_line_end_should_continue_the_line()
    {
        var parsed = EtcdctlParser.Parse("ETCDCTL_API=2 etcdctl --peers=\"http://127.0.1.1:2379,\\\nhttp://127.0.1.2:2379\" \\\n  member list");
        Assert.Equal(EtcdctlCommand.MemberList, parsed.Command);
        Assert.Equal(["http://127.0.1.1:2379", "http://127.0.1.2:2379"], parsed.Endpoints);
    }

    [Fact]
    public void Backup_should_take_its_directories()
    {
        var parsed = EtcdctlParser.Parse("ETCDCTL_API=2 etcdctl backup --data-dir /var/lib/etcd --backup-dir=/var/lib/etcd_backup --with-v3");
        Assert.Equal(EtcdctlCommand.Backup, parsed.Command);
        Assert.Equal(("/var/lib/etcd", "/var/lib/etcd_backup", true), (parsed.Flag("data-dir"), parsed.Flag("backup-dir"), parsed.IsSet("with-v3")));
    }

    [Theory]
    [InlineData("etcdctl cluster-health", "`cluster-health` is an etcdctl v2 command, and etcdctl 3.4 speaks v3 unless told otherwise")]
    [InlineData("etcdctl backup --data-dir /var/lib/etcd --backup-dir /var/lib/b", "write `ETCDCTL_API=2 etcdctl backup")]
    [InlineData("export ETCDCTL_API=3", "a step runs one command")]
    [InlineData("etcdctl2 cluster-health", "shell alias of OpenShift 3.x")]
    [InlineData("etcd_ctl=2 etcdctl cluster-health", "etcdctl reads no variable etcd_ctl")]
    [InlineData("ETCDCTL_API=4 etcdctl member list", "unsupported API version 4")]
    [InlineData("ETCDCTL_ENDPOINTS=http://127.0.1.1:2379 etcdctl member list", "give endpoints as a flag")]
    [InlineData("ETCDCTL_API=2 etcdctl member list -C http://127.0.1.1:2379", "goes before the command")]
    [InlineData("ETCDCTL_API=2 etcdctl get /foo", "unsupported etcdctl v2 command 'get'")]
    [InlineData("ETCDCTL_API=2 etcdctl endpoint health", "is an etcdctl v3 command")]
    [InlineData("ETCDCTL_API=2 etcdctl backup --data-dir /var/lib/etcd --wal-dir /var/lib/w --backup-dir /var/lib/b", "keeps the WAL inside the data dir")]
    [InlineData("member list -C http://127.0.1.1:2379", "it is an etcdctl v2 option")]
    public void A_form_EtcdLab_lacks_should_be_named(string line, string message)
    {
        var e = Assert.Throws<EtcdctlSyntaxException>(() => EtcdctlParser.Parse(line));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Positionals_should_skip_the_values_of_v2_and_v3_flags()
    {
        Assert.Equal(["member", "remove", "1234"], EtcdctlParser.Positionals(["-C", "http://127.0.1.1:2379", "member", "remove", "1234"]));
        Assert.Equal(["member", "add", "m4"], EtcdctlParser.Positionals(["--endpoints", "http://127.0.1.1:2379", "member", "add", "m4", "--peer-urls", "http://127.0.1.4:2380"]));
    }
}
