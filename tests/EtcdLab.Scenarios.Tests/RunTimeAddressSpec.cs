using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Running;
using EtcdLab.Core.Scenarios;
using EtcdLab.Sim;

namespace EtcdLab.Scenarios.Tests;

/// <summary>Addresses that only appear at run time, through a captured variable, are checked too:
/// the step fails naming the value, and nothing is sent with it.</summary>
public sealed class RunTimeAddressSpec
{
    private const string Scenario = """
        scenario: captured-address
        procedure: P2
        cluster:
          hosts: {m1: 127.0.1.1, m2: 127.0.1.2, m3: 127.0.1.3}
          spare-hosts: {m4: 127.0.1.4}
        promises:
          invariants: all
          final-members: [m1, m2, m3]
        steps:
          - etcdctl: put /net 192.0.2
            on: m1
          - etcdctl: get /net
            on: m1
            capture:
              net: '^(192\.0\.2)$'
          - etcdctl: member add m4 --peer-urls=http://${net}.1:2380
            on: m1
        """;

    [Fact]
    public async Task A_captured_value_naming_an_outside_address_should_fail_its_step_before_anything_is_sent()
    {
        var scenario = ScenarioLoader.Parse(Scenario, "captured-address.yaml");
        await using var target = new SimulatedClusterTarget();
        var result = await new ScenarioRunner(target, new RunRecorder(), RunOptions.For("run-time-address", 1)).RunAsync(scenario, CancellationToken.None);

        Assert.Equal(3, result.FailedStep);
        Assert.Contains("192.0.2.1", result.Failure);
        Assert.Contains("http://192.0.2.1:2380", result.Failure);
        Assert.DoesNotContain(result.Events.OfType<CommandIssued>(), c => c.Step == 3);
    }
}
