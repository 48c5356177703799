using EtcdLab.Core.Conformance;

namespace EtcdLab.Core.Tests;

public class EtcdctlTranscriptSpec
{
    [Fact]
    public void Volatile_parts_of_clientv3s_log_lines_should_be_normalized()
    {
        // Two real etcdctl 3.4.23 runs of the same failing member remove.
        var a = """
            {"level":"warn","ts":"2026-12-02T14:23:40.201Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-e5024435-d224-4680-984a-2a2ba209a218/127.0.213.1:2379","attempt":0,"error":"rpc error: code = NotFound desc = etcdserver: member not found"}
            Error: etcdserver: member not found

            """;
        var b = """
            {"level":"warn","ts":"2026-12-02T14:24:00.455Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-24b1c545-1a8c-4998-9694-d1f309fec5dc/127.0.213.1:2379","attempt":0,"error":"rpc error: code = NotFound desc = etcdserver: member not found"}
            Error: etcdserver: member not found

            """;
        Assert.Equal(EtcdctlTranscript.Normalize(a), EtcdctlTranscript.Normalize(b));
        Assert.Equal(2, EtcdctlTranscript.Normalize(a).Count);
    }

    [Fact]
    public void Retries_that_differ_only_in_the_attempt_should_count_once()
    {
        const string retry = """{"level":"warn","ts":"2026-12-02T14:23:40.201Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-e5024435-d224-4680-984a-2a2ba209a218/127.0.213.1:2379","attempt":N,"error":"rpc error: code = Unavailable desc = etcdserver: leader changed"}""";
        var many = string.Concat(Enumerable.Range(0, 3).Select(i => retry.Replace("N", i.ToString()) + "\n")) + "Error: etcdserver: leader changed\n";
        var once = retry.Replace("N", "0") + "\nError: etcdserver: leader changed\n";
        Assert.Equal(EtcdctlTranscript.Normalize(once), EtcdctlTranscript.Normalize(many));
    }

    [Fact]
    public void Rows_ordered_by_member_id_should_compare_as_a_set_and_other_lines_in_order()
    {
        var sim = "8e9e05c52164694d, started, m1, http://127.1.1.1:2380, http://127.1.1.1:2379, false\n0a0b0c0d0e0f1011, unstarted, , http://127.1.1.4:2380, , false\n";
        var real = "1a2b3c4d5e6f7081, unstarted, , http://127.1.1.4:2380, , false\n8e9e05c52164694d, started, m1, http://127.1.1.1:2380, http://127.1.1.1:2379, false\n";
        Assert.Equal(EtcdctlTranscript.Normalize(sim), EtcdctlTranscript.Normalize(real));

        var first = EtcdctlTranscript.Normalize("Member 8e9e05c52164694d added to cluster cdf818194e3a8c32\n\nETCD_NAME=\"m4\"\nETCD_INITIAL_CLUSTER=\"m4=http://127.1.1.4:2380,m1=http://127.1.1.1:2380\"\n");
        var second = EtcdctlTranscript.Normalize("Member  e9e05c52164694d added to cluster cdf818194e3a8c32\n\nETCD_NAME=\"m4\"\nETCD_INITIAL_CLUSTER=\"m1=http://127.1.1.1:2380,m4=http://127.1.1.4:2380\"\n");
        Assert.Equal(first, second);
        Assert.Equal(["Member <id> added to cluster <id>", "", "ETCD_NAME=\"m4\"", "ETCD_INITIAL_CLUSTER=\"m1=http://127.1.1.1:2380,m4=http://127.1.1.4:2380\""], first);
    }

    [Fact]
    public void A_deadline_the_member_hit_first_should_count_as_the_clients_deadline()
    {
        // Both printed by real etcdctl 3.4.23 for the same member remove on a cluster without quorum.
        Assert.Equal(EtcdctlTranscript.Normalize("Error: context deadline exceeded\n"),
            EtcdctlTranscript.Normalize("Error: rpc error: code = Unknown desc = context deadline exceeded\n"));
        Assert.Equal("context deadline exceeded", EtcdctlTranscript.NormalizeLine("rpc error: code = Unknown desc = context deadline exceeded"));
    }

    [Fact]
    public void A_different_text_should_show_as_the_first_line_that_differs()
    {
        var sim = EtcdctlTranscript.Normalize("http://127.1.1.1:2379, 8e9e05c52164694d, 3.4.23, 20 kB, true, false, 2, 8, 8, \n");
        var real = EtcdctlTranscript.Normalize("http://127.1.1.1:2379, 8e9e05c52164694d, 3.4.23, 25 kB, true, false, 2, 8, 8, \n");
        Assert.Equal(("line 1: http://127.1.1.1:2379, <id>, 3.4.23, 20 kB, true, false, 2, 8, 8, ", "line 1: http://127.1.1.1:2379, <id>, 3.4.23, 25 kB, true, false, 2, 8, 8, "),
            EtcdctlTranscript.FirstDifference(sim, real));
        Assert.Equal(("line 2: Error: x", "line 2: (no line)"), EtcdctlTranscript.FirstDifference(["a", "Error: x"], ["a"]));
        Assert.Null(EtcdctlTranscript.FirstDifference(sim, sim));
    }
}
