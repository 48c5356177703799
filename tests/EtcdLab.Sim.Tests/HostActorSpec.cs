using Akka.Actor;
using Akka.TestKit;
using EtcdLab.Core.Events;
using EtcdLab.Core.Recording;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Network;
using EtcdLab.Sim.Raft;
using EtcdLab.Sim.Server;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Tests;

/// <summary>One host actor with a TestProbe in place of the network: what it sends is what a peer would receive.</summary>
public sealed class HostActorSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly Simulator _sim = new(3, new SimulationOptions());
    private readonly RunRecorder _recorder = new();
    private readonly TestProbe _network;
    private readonly IActorRef _host;

    private static readonly ulong M1 = 0xf53dc916625223aaUL;
    private static readonly ulong M2 = 0x36d0c7f3acdc6f84UL;
    private static readonly ulong M3 = 0x9344029ffa2da6acUL;

    public HostActorSpec(Xunit.Abstractions.ITestOutputHelper output) : base(SynchronousDispatcherConfigurator.Hocon, output)
    {
        _network = CreateTestProbe();
        _recorder.UseClock(() => _sim.Clock.Now);
        _host = ActorOfAsTestActorRef<HostActor>(HostActor.Props("m1", SimCluster.Ip(1), _sim, _network.Ref, _recorder, (_, _, _) => { }, new Prng(9)), "m1");
        _network.ExpectMsg<NetworkProtocol.HostChanged>(h => !h.Running);
    }
    private void Start(string initialCluster)
    {
        _host.Tell(new HostProtocol.StartProcess(1, SimCluster.Flags(1, initialCluster), new Dictionary<string, ClusterInfo?>(), TestActor));
        Assert.Null(ExpectMsg<HostProtocol.Reply>().Result);
        _sim.RunUntil(_sim.NowMicros + _sim.Options.ProcessBootMicros); // the process boots before it listens
        _network.FishForMessage<NetworkProtocol.HostChanged>(h => h.Running && h.View is not null);
    }

    private RaftMessage ExpectPeerMessage(Predicate<RaftMessage> match)
    {
        var sent = _network.FishForMessage<PeerEnvelope>(e => e.Payload is RaftMessage m && match(m));
        Assert.Equal(_host, _network.LastSender); // the network routes by the sending host
        return (RaftMessage)sent.Payload;
    }

    [Fact]
    public void HostActor_alone_should_elect_itself_publish_and_serve()
    {
        Start(SimCluster.InitialCluster([1]));
        _sim.RunUntil(1_000_000);
        _host.Tell(new HostProtocol.Client(2, new StatusOp(), TestActor));
        var status = Assert.IsType<StatusReply>(ExpectMsg<HostProtocol.Reply>().Result);
        Assert.Equal(EtcdIdsFor1(), status.Header.MemberId);
        Assert.Equal(status.Header.MemberId, status.Leader);
        Assert.Empty(status.Errors);
    }

    private static ulong EtcdIdsFor1() => Core.Identity.EtcdIds.MemberId([SimCluster.PeerUrl(1)], SimCluster.Token);

    [Fact]
    public void HostActor_should_campaign_through_the_network_and_lead_with_a_peers_vote()
    {
        Start(SimCluster.InitialCluster([1, 2, 3]));
        _sim.RunUntil(400_000); // beyond the randomized election timeout
        // Unanswered, it may have campaigned more than once: answer the latest term.
        var votes = _network.ReceiveWhile<object>(TimeSpan.FromMilliseconds(200), o => o)
            .OfType<PeerEnvelope>().Select(e => e.Payload).OfType<RaftMessage>()
            .Where(m => m.Type == RaftMessageType.Vote).ToList();
        Assert.NotEmpty(votes);
        var vote = votes.MaxBy(v => v.Term)!;
        Assert.Contains(vote.To, new[] { M2, M3 });
        Assert.Equal(M1, vote.From);

        _host.Tell(new HostProtocol.PeerDelivery("m2", 1, new PeerEnvelope(M2, 0x1bfce294034d8791UL, M1, new RaftMessage(RaftMessageType.VoteResp, M2, M1, vote.Term))));
        var append = ExpectPeerMessage(m => m.Type == RaftMessageType.App);
        Assert.Equal(vote.Term, append.Term);
        Assert.Contains(append.Entries, e => e.Data is null && e.Term == vote.Term); // the new leader's empty entry
    }

    [Fact]
    public void HostActor_should_refuse_a_peer_of_another_cluster_and_log_it()
    {
        Start(SimCluster.InitialCluster([1, 2, 3]));
        var stranger = new RaftMessage(RaftMessageType.Heartbeat, 0x42, M1, 9);
        _host.Tell(new HostProtocol.PeerDelivery("m9", 1, new PeerEnvelope(0x42, 0xdead, M1, stranger)));
        var reject = _network.FishForMessage<NetworkProtocol.RejectPeer>(_ => true);
        Assert.Equal("m9", reject.ToHost);
        Assert.Equal(PeerRejectionKind.ClusterIdMismatch, reject.Rejection.Kind);
        var logged = Assert.Single(_recorder.Events.OfType<MemberLogged>());
        Assert.Equal("rafthttp: request cluster ID mismatch (got dead want 1bfce294034d8791)", logged.Text);
    }

    [Fact]
    public void HostActor_should_ignore_messages_while_paused_and_for_an_earlier_process()
    {
        Start(SimCluster.InitialCluster([1]));
        _sim.RunUntil(1_000_000);
        _host.Tell(new HostProtocol.PauseProcess(3, TestActor));
        ExpectMsg<HostProtocol.Reply>();
        _host.Tell(new HostProtocol.Client(4, new StatusOp(), TestActor));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        _host.Tell(new HostProtocol.ResumeProcess(5, TestActor));
        ExpectMsg<HostProtocol.Reply>();
        _host.Tell(new HostProtocol.PeerDelivery("m2", 0, new PeerEnvelope(M2, 0xdead, M1, StreamDial.Instance)));
        Assert.Empty(_recorder.Events.OfType<MemberLogged>()); // incarnation 0 is gone: nothing was checked
    }
}
