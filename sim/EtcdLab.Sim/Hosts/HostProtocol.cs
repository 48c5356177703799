using Akka.Actor;
using EtcdLab.Core.Targets;
using EtcdLab.Sim.Server;

namespace EtcdLab.Sim.Hosts;

/// <summary>Messages a <see cref="HostActor"/> accepts: operator actions, client RPCs, network deliveries and its own timer.</summary>
internal static class HostProtocol
{
    /// <summary>The answer to a request that carries a call id.</summary>
    /// <param name="CallId">The request's call id.</param>
    /// <param name="Result">A reply record, an <see cref="RpcError"/>, or a <see cref="HostActionFailed"/>.</param>
    public sealed record Reply(long CallId, object? Result);

    /// <summary>A host action that made no sense in the host's state.</summary>
    public sealed record HostActionFailed(string Message);

    /// <summary>Starts etcd with <paramref name="Flags"/>; <paramref name="PeerAnswers"/> holds what each
    /// --initial-cluster URL answers to GET /members right now (null: no answer).</summary>
    public sealed record StartProcess(long CallId, EtcdFlags Flags, IReadOnlyDictionary<string, ClusterInfo?> PeerAnswers, IActorRef ReplyTo,
        Core.Certificates.PeerTlsConfig? PeerTls = null)
    {
        public override string ToString() => $"StartProcess({Flags})";
    }

    /// <summary>SIGTERM (a leader first hands over leadership; the reply comes once the process is gone) or SIGKILL.</summary>
    public sealed record StopProcess(long CallId, bool Kill, IActorRef ReplyTo);

    /// <summary>SIGSTOP.</summary>
    public sealed record PauseProcess(long CallId, IActorRef ReplyTo);

    /// <summary>SIGCONT.</summary>
    public sealed record ResumeProcess(long CallId, IActorRef ReplyTo);

    /// <summary>The host moves to another address (its process must not run).</summary>
    public sealed record SetIp(long CallId, string Ip, IActorRef ReplyTo);

    /// <summary><c>rm -rf</c>.</summary>
    public sealed record RemoveDirectory(long CallId, string Path, IActorRef ReplyTo);

    /// <summary><c>cp -a</c> on this host.</summary>
    public sealed record CopyDirectory(long CallId, string From, string To, IActorRef ReplyTo);

    /// <summary>Reads a file; the reply's result is the file's content or a <see cref="HostActionFailed"/>.</summary>
    public sealed record ReadFile(long CallId, string Path, IActorRef ReplyTo);

    /// <summary>Writes a file.</summary>
    public sealed record WriteFile(long CallId, string Path, object Content, IActorRef ReplyTo);

    /// <summary><c>etcdctl snapshot restore</c> on this host.</summary>
    public sealed record RestoreSnapshot(long CallId, SnapshotRestoreRequest Request, IActorRef ReplyTo);

    /// <summary><c>etcdctl backup</c> (v2) on this host, at the host's Unix time in microseconds (the new IDs derive from it).</summary>
    public sealed record Backup(long CallId, BackupRequest Request, long UnixMicros, IActorRef ReplyTo);

    /// <summary>A client RPC arriving at the host's client port.</summary>
    public sealed record Client(long CallId, ClientOp Op, IActorRef ReplyTo);

    /// <summary>What the host shows right now; the reply is a <see cref="HostObservation"/>.</summary>
    public sealed record Observe(long CallId, IActorRef ReplyTo);

    /// <summary>The host's own timer (stale when <paramref name="Incarnation"/> or <paramref name="At"/> no longer match).</summary>
    public sealed record Timer(int Incarnation, long At);

    /// <summary>The etcd process of <paramref name="Incarnation"/> has booted: it opens its listeners and starts its server.</summary>
    public sealed record Booted(int Incarnation);

    /// <summary>A peer message delivered by the network to the process <paramref name="Incarnation"/>.</summary>
    public sealed record PeerDelivery(string FromHost, int Incarnation, PeerEnvelope Envelope);

    /// <summary>A peer refused what this host's member sent.</summary>
    public sealed record PeerRejected(int Incarnation, PeerRejection Rejection);

    /// <summary>A peer closed the streams this member had dialed to it (it removed this member): rafthttp dials again at once.</summary>
    public sealed record PeerStreamClosed(int Incarnation, ulong Peer);

    /// <summary>Which peers the member is connected to since when, and which it can reach at all.</summary>
    public sealed record PeerConnectivity(int Incarnation, IReadOnlyDictionary<ulong, long> ActiveSince, IReadOnlyCollection<ulong> Reachable)
    {
        public override string ToString() => $"PeerConnectivity(#{Incarnation} active=[{string.Join(",", ActiveSince.Keys.Select(k => k.ToString("x")))}])";
    }
}
