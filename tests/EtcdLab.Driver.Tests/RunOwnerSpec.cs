using EtcdLab.Core.Hygiene;
using System.Diagnostics;
using EtcdLab.Driver.Reaper;

namespace EtcdLab.Driver.Tests;

public sealed class RunOwnerSpec
{
    [Fact]
    public async Task RunOwner_should_count_a_zombie_as_dead()
    {
        // The shell's child exits after 0.2 s; its parent then execs `sleep` and never reaps it, so
        // it stays a zombie, as a harness killed with SIGKILL does when its parent died too.
        var start = new ProcessStartInfo("bash", ["-c", "sleep 0.2 & echo $!; exec sleep 5"]) { RedirectStandardOutput = true };
        using var parent = Process.Start(start)!;
        var child = int.Parse((await parent.StandardOutput.ReadLineAsync())!);
        var owner = new RunOwner(child, RunOwner.StartTicksOf(child)!.Value);
        Assert.True(owner.IsAlive);
        var deadline = Stopwatch.StartNew();
        while (!File.ReadAllText($"/proc/{child}/stat").Contains(") Z ") && deadline.Elapsed < TimeSpan.FromSeconds(3))
            await Task.Delay(20);
        Assert.Contains(") Z ", File.ReadAllText($"/proc/{child}/stat"));
        Assert.False(owner.IsAlive);
        parent.Kill();
    }
}
