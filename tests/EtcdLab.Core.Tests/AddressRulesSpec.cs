using EtcdLab.Core.Addresses;

namespace EtcdLab.Core.Tests;

/// <summary>The address rules: what a text may name, where the problem is, and the slot rewrite.
/// Every address here is only text handed to the rules; nothing is dialled.</summary>
public class AddressRulesSpec
{
    [Theory]
    [InlineData("member add m4 --peer-urls=http://127.0.1.4:2380")]
    [InlineData("member add m4 --peer-urls=${m4.peer-url}")]
    [InlineData("endpoint health --endpoints=${m1.client-url},${m2.client-url}")]
    [InlineData("endpoint health --endpoints=127.0.1.1:2379,localhost:2379,[::1]:2379")]
    [InlineData("endpoint health --endpoints http://127.0.1.1:2379,http://127.0.1.2:2379")]
    [InlineData("m1=http://localhost:2380")]
    [InlineData("m1=http://127.0.0.1:2380,m2=http://127.0.1.2:2380")]
    [InlineData("http://[::1]:2379")]
    [InlineData("http://${m1.ip}:2379")]
    [InlineData("snapshot restore /var/lib/etcd-backup/snapshot.db --data-dir /var/lib/etcd --name m1")]
    [InlineData("get /etcdlab/batch-000020")]
    [InlineData("etcd 3.4.23 says v1.2.3.4 and 1.5s")]
    [InlineData("unhealthy cluster")]
    public void Scenario_text_should_accept_loopback_addresses_names_it_may_use_and_variables(string text)
    {
        Assert.Empty(AddressRules.CheckScenarioText(text));
    }

    [Theory]
    [InlineData("member add m4 --peer-urls=http://192.0.2.10:2380", "192.0.2.10", "outside 127.0.0.0/8")]
    [InlineData("http://0.0.0.0:2379", "0.0.0.0", "a wildcard listen address would take the port on every address of the machine, outside 127/8 too")]
    [InlineData("http://[::]:2379", "[::]", "wildcard")]
    [InlineData("http://:2379", "", "an empty host is a wildcard")]
    [InlineData("http://etcd-0.example:2380", "etcd-0.example", "EtcdLab resolves no names; use the host's 127.x.y.z address or ${m1.ip}")]
    [InlineData("http://[2001:db8::1]:2380", "[2001:db8::1]", "IPv6 address other than [::1]")]
    [InlineData("http://127.0.01.1:2380", "127.0.01.1", "write 127.0.1.1 instead of 127.0.01.1")]
    [InlineData("http://127.0.1.256:2380", "127.0.1.256", "is not an IPv4 address")]
    [InlineData("http://127.1:2380", "127.1", "is not an IPv4 address")]
    [InlineData("http://127.3.1.1:2380", "127.3.1.1", "scenario files use 127.0.x.y")]
    [InlineData("m1=http://127.0.1.1:2380,m2=http://198.51.100.2:2380", "198.51.100.2", "outside")]
    [InlineData("endpoint health --endpoints=127.0.1.1:2379,db.example:2379", "db.example", "resolves no names")]
    [InlineData("endpoint health --endpoints \"127.0.1.1:2379,203.0.113.9:2379\"", "203.0.113.9", "outside")]
    [InlineData("endpoint health --endpoints=:2379", "", "wildcard")]
    [InlineData("put k 192.0.2.1", "192.0.2.1", "outside")]
    [InlineData("listen on 0.0.0.0:2379", "0.0.0.0", "wildcard")]
    [InlineData("http://user@192.0.2.7:2379", "192.0.2.7", "outside")]
    public void Scenario_text_should_refuse_each_address_with_its_offset_and_why(string text, string address, string why)
    {
        var problem = Assert.Single(AddressRules.CheckScenarioText(text));
        Assert.Equal(address, problem.Address);
        Assert.Equal(address, text.Substring(problem.Offset, problem.Length));
        Assert.Contains(why, problem.Problem);
    }

    [Fact]
    public void Scenario_text_should_report_every_refused_address_in_order()
    {
        var problems = AddressRules.CheckScenarioText("--initial-cluster m1=http://192.0.2.1:2380,m2=http://127.0.1.2:2380,m3=http://0.0.0.0:2380");
        Assert.Equal(["192.0.2.1", "0.0.0.0"], problems.Select(p => p.Address));
        Assert.True(problems[0].Offset < problems[1].Offset);
    }

    [Theory]
    [InlineData("http://127.3.1.1:2379")]
    [InlineData("--endpoints=127.200.0.1:2379")]
    [InlineData("http://127.0.0.1:2379")]
    public void Run_text_should_accept_any_loopback_address_because_the_slot_is_in_use(string text)
    {
        Assert.Empty(AddressRules.CheckRunText(text));
    }

    [Theory]
    [InlineData("member add m4 --peer-urls=http://192.0.2.44:2380", "192.0.2.44")]
    [InlineData("member update 8e9e05c52164694d --peer-urls=http://db.example:2380", "db.example")]
    [InlineData("endpoint health --endpoints=0.0.0.0:2379", "0.0.0.0")]
    public void Run_text_should_name_the_value_a_capture_filled_in(string text, string address)
    {
        Assert.Equal(address, Assert.Single(AddressRules.CheckRunText(text)).Address);
    }

    [Theory]
    [InlineData("127.0.1.1", null)]
    [InlineData("127.0.255.254", null)]
    [InlineData("127.0.0.5", "localhost's range")]
    [InlineData("127.2.1.1", "scenario files use 127.0.x.y")]
    [InlineData("192.0.2.1", "outside 127.0.0.0/8")]
    [InlineData("127.000.1.1", "write 127.0.1.1")]
    [InlineData("127.0.1", "not a loopback address 127.0.x.y")]
    [InlineData("localhost", "not a loopback address 127.0.x.y")]
    [InlineData("0.0.0.0", "wildcard")]
    [InlineData("127.0.1.99999999999999999999", "is not an IPv4 address")]
    public void Host_address_should_be_a_canonical_127_0_x_y_outside_localhost_range(string text, string? problem)
    {
        var found = AddressRules.CheckHostAddress(text);
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found);
    }

    [Fact]
    public void Into_slot_should_move_scenario_hosts_and_leave_localhost_and_other_text_alone()
    {
        var text = "m1=http://127.0.1.1:2380,m2=http://127.0.0.1:2380 ip 127.0.2.3. v127.0.1.1 1127.0.1.1";
        Assert.Equal("m1=http://127.9.1.1:2380,m2=http://127.0.0.1:2380 ip 127.9.2.3. v127.0.1.1 1127.0.1.1", AddressRules.IntoSlot(text, 9));
        Assert.Equal(text, AddressRules.IntoSlot(text, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AddressRules.IntoSlot(text, 256));
    }
}
