using System.Diagnostics;

namespace EtcdLab.Driver.Tests;

/// <summary>
/// A run must not inherit the conntrack marks an earlier run of its slot left behind: partitions cut
/// connections by mark, and a new connection that draws an old entry's ephemeral port takes its mark.
/// </summary>
[Trait("Category", "Docker")]
public sealed class ConntrackSpec
{
    // A slot no other test asks for, so that the stale entry is this test's own.
    private const int Slot = 201;

    [Fact]
    public async Task A_run_should_forget_its_slots_stale_connection_entries_before_it_starts_and_after_it_ends()
    {
        // What a partitioned connection of an earlier run leaves: ESTABLISHED for days, marked as the
        // first partition of the slot marks (0x7E000000 | slot << 8 | generation 1).
        var staleMark = 0x7E00_0000u | (Slot << 8) | 1;
        await Conntrack("-I", "-p", "tcp", "-s", "127.0.0.1", "-d", $"127.{Slot}.1.2", "--sport", "45678", "--dport", "2380",
            "-r", $"127.{Slot}.1.2", "-q", "127.0.0.1", "--reply-port-src", "2380", "--reply-port-dst", "45678",
            "--state", "ESTABLISHED", "-u", "ASSURED", "--timeout", "3600", "--mark", $"0x{staleMark:x}");
        Assert.Contains("sport=45678", await SlotEntriesAsync());

        await using (var run = await DockerRun.CreateAsync(hosts: 3, new DockerTargetOptions { LoopbackSlot = Slot }))
        {
            Assert.DoesNotContain("sport=45678", await SlotEntriesAsync());
            await run.BootstrapAsync("m1", "m2", "m3");
            await run.Target.PartitionAsync([["m1"], ["m2", "m3"]], run.Ct);
            await run.EventuallyAsync(async () => (await run.StatusAsync("m1")).Leader == 0, "the isolated member loses its leader");
            var during = await SlotEntriesAsync();
            Assert.True(during.Contains($"mark={staleMark}"), during);
        }

        Assert.DoesNotContain("dport=2380", await SlotEntriesAsync());
    }

    /// <summary>The slot's entries, whichever side the kernel saw first.</summary>
    private static async Task<string> SlotEntriesAsync() =>
        string.Join('\n', (await Conntrack("-L", "-p", "tcp")).Split('\n').Where(line => line.Contains($"=127.{Slot}.")));

    private static async Task<string> Conntrack(params string[] args)
    {
        var psi = new ProcessStartInfo("conntrack") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"conntrack {string.Join(' ', args)}: exit {process.ExitCode}: {stderr}");
        return stdout;
    }
}
