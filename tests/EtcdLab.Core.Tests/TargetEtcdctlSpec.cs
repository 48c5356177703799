using EtcdLab.Core.Etcdctl;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Tests;

public class TargetEtcdctlSpec
{
    private static readonly ResponseHeader Header = new(0x1bfce294034d8791, 0xf53dc916625223aa, 2, 2);

    [Fact]
    public async Task A_target_should_answer_etcdctl_with_the_emulator_through_the_client_calls_it_is_given()
    {
        IClusterTarget target = new ScriptedTarget();
        var outer = new ScriptedTarget
        {
            MemberList = _ => new MemberListReply(Header, [new MemberInfo(0xf53dc916625223aa, "m1", ["http://127.0.1.1:2380"], ["http://127.0.1.1:2379"], false)]),
        };

        var output = await target.RunEtcdctlAsync("m1", "http://127.0.1.1:2379", EtcdctlParser.Parse("member list"), outer, CancellationToken.None);

        Assert.Equal(0, output.ExitCode);
        Assert.Equal("f53dc916625223aa, started, m1, http://127.0.1.1:2380, http://127.0.1.1:2379, false\n", output.Stdout);
        // The decorator the runner holds (the fault clock) sees every call the emulated etcdctl makes.
        Assert.Equal(["list http://127.0.1.1:2379"], outer.Calls);
        Assert.Empty(((ScriptedTarget)target).Calls);
    }
}
