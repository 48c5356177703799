using Akka.Actor;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Hosts;
using EtcdLab.Sim.Server;
using EtcdLab.Sim.Simulation;

namespace EtcdLab.Sim.Clients;

/// <summary>
/// The client side of the simulated world (etcdctl, writers, the runner's own calls): sends RPCs
/// with a client-network delay, enforces their deadlines in virtual time, and collects the answers
/// of host commands, which take no time.
/// </summary>
internal sealed class SimClient(Simulator sim)
{
    private readonly Prng _rng = sim.Random.Fork();
    private readonly Dictionary<long, ClientCall> _calls = new();
    private readonly Dictionary<long, object?> _commandReplies = new();
    private long _nextId;

    public IActorRef Inbox { get; set; } = ActorRefs.Nobody;

    public long NextCallId() => ++_nextId;

    private long Delay() => _rng.NextLong(sim.Options.ClientDelayMinMicros, sim.Options.ClientDelayMaxMicros);

    /// <summary>Sends <paramref name="op"/> to the host's etcd; the call completes in virtual time.</summary>
    public ClientCall Send(IActorRef hostActor, string host, ClientOp op, long timeoutMicros, Action<ClientCall>? onComplete = null)
    {
        var id = NextCallId();
        var now = sim.NowMicros;
        var call = new ClientCall(id, host, now, now + timeoutMicros, onComplete);
        _calls[id] = call;
        sim.ScheduleAt(call.DeadlineMicros, new ActionEvent(() =>
        {
            _calls.Remove(id);
            call.Complete(RpcError.DeadlineExceeded, sim.NowMicros);
        }));
        var message = new HostProtocol.Client(id, op with { DeadlineMicros = call.DeadlineMicros }, Inbox);
        sim.ScheduleAfter(Delay(), new TellEvent(hostActor, message));
        return call;
    }

    /// <summary>A completed call that never reached a member: nothing listens on the endpoint.</summary>
    public ClientCall Refused(string host)
    {
        var call = new ClientCall(NextCallId(), host, sim.NowMicros, sim.NowMicros, null);
        call.Complete(RpcError.ConnectionRefused, sim.NowMicros);
        return call;
    }

    /// <summary>An answer arrives from a host actor.</summary>
    public void OnReply(HostProtocol.Reply reply)
    {
        if (_calls.Remove(reply.CallId, out var call))
        {
            sim.ScheduleAfter(Delay(), new ActionEvent(() => call.Complete(reply.Result, sim.NowMicros)));
            return;
        }
        _commandReplies[reply.CallId] = reply.Result;
    }

    public bool TryTakeCommandReply(long callId, out object? result) => _commandReplies.Remove(callId, out result);
}
