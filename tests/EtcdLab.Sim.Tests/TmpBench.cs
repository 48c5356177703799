using System.Diagnostics;
using EtcdLab.Sim.Raft;
using Xunit.Abstractions;
namespace EtcdLab.Sim.Tests;
public sealed class TmpBench(ITestOutputHelper o)
{
    [Fact]
    public void Bench()
    {
        for (var round = 0; round < 3; round++)
        {
            var st = new RaftStorage();
            var log = new RaftLog(st, 0);
            var sw = Stopwatch.StartNew();
            for (ulong i = 1; i <= 30000; i++) log.Append(new List<Entry> { new(i, 1, EntryType.Normal, null) });
            o.WriteLine($"raftlog.append: {sw.Elapsed.TotalMicroseconds / 30000:F3} us");
            var list = new List<Entry>();
            sw.Restart();
            for (ulong i = 1; i <= 30000; i++) list.AddRange((IReadOnlyList<Entry>)new List<Entry> { new(i, 1, EntryType.Normal, null) });
            o.WriteLine($"list.addrange: {sw.Elapsed.TotalMicroseconds / 30000:F3} us");
            var st2 = new RaftStorage();
            sw.Restart();
            for (ulong i = 1; i <= 30000; i++) st2.Entries.AddRange((IReadOnlyList<Entry>)new List<Entry> { new(i, 1, EntryType.Normal, null) });
            o.WriteLine($"storage.entries.addrange: {sw.Elapsed.TotalMicroseconds / 30000:F3} us");
        }
    }
}
