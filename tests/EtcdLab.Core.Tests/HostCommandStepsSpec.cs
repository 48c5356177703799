using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Tests;

/// <summary>The steps incidents need: expect-log and expect-exit, restore-data, live backup-data, and
/// shell commands mapped onto host actions at load time.</summary>
public class HostCommandStepsSpec
{
    private const string Head = """
        scenario: s
        procedure: P1
        cluster:
          hosts:
            m1: 127.0.1.1
            m2: {ip: 127.0.1.2, flags: {data-dir: /var/lib/etcd-m2}}
        steps:

        """;

    private static IReadOnlyList<Step> Steps(string steps) => ScenarioLoader.Parse(Head + steps, "s.yaml").Steps;

    private static ScenarioException Refused(string steps) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Head + steps, "s.yaml"));

    [Fact]
    public void Loader_should_read_expect_log_and_expect_exit_with_their_options()
    {
        var steps = Steps("""
              - stop: m1
                id: stopped
              - expect-log: 'tocommit(*) is out of range'
              - expect-exit: member count is unequal
                on: m2
                within: 3s
                since: stopped
              - expect-log: removed
                on: any
                since: 3
            """);
        var log = Assert.IsType<ExpectLogStep>(steps[1]);
        Assert.Equal((ExpectLogStep.AnyHost, false, TimeSpan.FromSeconds(10), 0), (log.Host, log.ExitOnly, log.Within, log.Since));
        Assert.True(log.Pattern.Matches("raft: tocommit(9) is out of range [lastIndex(0)]. Was the raft log corrupted?"));
        var exit = Assert.IsType<ExpectLogStep>(steps[2]);
        Assert.Equal(("m2", true, TimeSpan.FromSeconds(3), 1), (exit.Host, exit.ExitOnly, exit.Within, exit.Since));
        Assert.Equal(3, Assert.IsType<ExpectLogStep>(steps[3]).Since);
    }

    [Theory]
    [InlineData("  - expect-log: removed\n    since: later\n", 9, 12, "since: no earlier step is 'later'")]
    [InlineData("  - expect-log: removed\n    since: 2\n", 9, 12, "from 0 (the run's start, the default) to 1")]
    [InlineData("  - expect-log: '**'\n", 8, 17, "matches every line")]
    [InlineData("  - expect-exit: x\n    on: m9\n", 9, 9, "unknown host 'm9'")]
    [InlineData("  - expect-log: dial tcp 10.0.0.1:2380\n", 8, 26, "10.0.0.1 is outside 127.0.0.0/8")]
    [InlineData("  - restore-data:\n    from: /var/lib/b\n", 8, 18, "restore-data needs the host whose data dir it replaces")]
    [InlineData("  - restore-data: m1\n    from: /tmp/b\n", 9, 11, "restore-data from must be a path under /var/lib/")]
    [InlineData("  - backup-data: m1\n    live: yes\n", 9, 11, "live is true or false")]
    [InlineData("  - shell: systemctl restart etcd\n", 8, 5, "shell steps need on: <host>")]
    [InlineData("  - shell: reboot\n    on: m1\n", 8, 12, "`etcdlab` maps systemd, docker, kubectl and file commands onto host actions")]
    [InlineData("  - shell: sudo vi /etc/etcd/etcd.conf\n    on: m1\n", 8, 17, "`vi` is none of them")]
    [InlineData("  - shell: systemctl restart etcd && sleep 5\n    on: m1\n", 8, 35, "a shell step is one command")]
    [InlineData("  - shell: systemctl reload etcd\n    on: m1\n", 8, 22, "systemctl reload: EtcdLab maps stop, start and restart and kill")]
    [InlineData("  - shell: systemctl restart kubelet\n    on: m1\n", 8, 30, "`kubelet` is not the etcd unit")]
    [InlineData("  - shell: rm -rf /var/lib/etcd\n    on: m2\n", 8, 19, "m2's data dir (/var/lib/etcd-m2")]
    [InlineData("  - shell: cp -r /var/lib/etcd /tmp/backup\n    on: m1\n", 8, 32, "`/tmp/backup` must be a path under /var/lib/")]
    [InlineData("  - shell: kill -9 $(pidof etcd\n    on: m1\n", 8, 20, "the command substitution is not closed")]
    public void Loader_should_refuse_at_line_and_column(string steps, int line, int column, string message)
    {
        var e = Refused(steps);
        Assert.Contains(message, e.Problem);
        Assert.Equal((line, column), (e.Line, e.Column));
    }

    [Fact]
    public void Loader_should_read_restore_data_and_a_live_backup()
    {
        var steps = Steps("""
              - backup-data: m1
                live: true
              - restore-data: m1
              - restore-data: m2
                from: /var/lib/old
            """);
        Assert.Equal(new BackupDataStep("m1", "/var/lib/etcd-backup", Live: true), steps[0] with { Index = 0, Line = 0, Column = 0 });
        Assert.Equal("restore-data m1 from /var/lib/etcd-backup", steps[1].Describe());
        Assert.Equal("restore-data m2 from /var/lib/old", steps[2].Describe());
    }

    [Theory]
    [InlineData("systemctl restart etcd", "stop, start")]
    [InlineData("sudo systemctl stop etcd.service", "stop")]
    [InlineData("service etcd start", "start")]
    [InlineData("docker restart etcd", "stop, start")]
    [InlineData("docker kill k8s_etcd_etcd-master-0", "kill")]
    [InlineData("kubectl -n kube-system delete pod etcd-master-0", "stop, start")]
    [InlineData("kubectl delete pod/etcd-master-0 --grace-period=0 --force", "stop, start")]
    [InlineData("mv /etc/kubernetes/manifests/etcd.yaml /root/", "stop")]
    [InlineData("mv /root/etcd.yaml /etc/kubernetes/manifests/", "start")]
    [InlineData("systemctl kill etcd", "kill")]
    [InlineData("systemctl kill -s SIGTERM etcd", "stop")]
    [InlineData("kill -9 $(pidof etcd)", "kill")]
    [InlineData("kill 4242", "stop")]
    [InlineData("pkill -9 etcd", "kill")]
    [InlineData("rm -rf /var/lib/etcd", "wipe-data")]
    [InlineData("rm -rf /var/lib/etcd/*", "wipe-data")]
    [InlineData("rm -r -f '/var/lib/etcd/member'", "wipe-data")]
    [InlineData("cp -a /var/lib/etcd /var/lib/etcd-backup", "backup-data to /var/lib/etcd-backup, live if etcd runs")]
    [InlineData("cp -rf /var/lib/etcd/ \"/var/lib/backup 1\"", "backup-data to /var/lib/backup 1, live if etcd runs")]
    [InlineData("cp -r /var/lib/etcd-backup /var/lib/etcd", "restore-data from /var/lib/etcd-backup")]
    public void Shell_should_map_a_command_onto_host_actions_at_load_time(string command, string actions)
    {
        var shell = Assert.IsType<ShellStep>(Assert.Single(Steps($"  - shell: '{command.Replace("'", "''")}'\n    on: m1\n")));
        Assert.Equal($"shell on m1: {command} ({actions})", shell.Describe());
        Assert.All(shell.Steps, s => Assert.IsNotType<ShellStep>(s));
    }

    [Fact]
    public void Shell_should_follow_the_hosts_configured_data_dir()
    {
        var steps = Steps("""
              - shell: rm -rf /var/lib/etcd-m2
                on: m2
              - configure: m1
                set: {data-dir: /var/lib/etcd-new}
              - shell: cp -r /var/lib/etcd-new /var/lib/copy
                on: m1
            """);
        Assert.Equal(new WipeDataStep("m2"), Assert.Single(Assert.IsType<ShellStep>(steps[0]).Steps));
        Assert.Equal(new BackupDataStep("m1", "/var/lib/copy", Live: true), Assert.Single(Assert.IsType<ShellStep>(steps[2]).Steps));
    }

    [Theory]
    [InlineData("tocommit(*) is out of range [lastIndex(*)]", "raft2024/01/01 E: tocommit(9) is out of range [lastIndex(0)]. Was the raft log corrupted", true)]
    [InlineData("tocommit(*) is out of range [lastIndex(*)]", "tocommit(9) is out of range", false)]
    [InlineData("cluster ID mismatch", "rafthttp: request cluster ID mismatch (got a want b)", true)]
    [InlineData("Cluster ID mismatch", "rafthttp: request cluster ID mismatch (got a want b)", false)]
    [InlineData("a*b*a", "ab", false)]
    [InlineData("*removed*", "the member has been permanently removed from the cluster", true)]
    public void TextPattern_should_match_pieces_in_order_anywhere_and_case_sensitively(string pattern, string line, bool matches) =>
        Assert.Equal(matches, TextPattern.Parse(pattern).Matches(line));

    [Fact]
    public void TextPattern_should_rank_a_line_sharing_more_of_the_pattern_closer() =>
        Assert.True(TextPattern.Parse("health check for peer * could not connect").Closeness("rafthttp: health check for peer 8e9e could connect")
            > TextPattern.Parse("health check for peer * could not connect").Closeness("raft: became leader at term 3"));
}
