using EtcdLab.Core.Events;

namespace EtcdLab.Sim.Server;

/// <summary>What an <see cref="EtcdServer"/> needs from the process and host it runs in.</summary>
internal interface IServerHost
{
    /// <summary>Virtual time.</summary>
    long NowMicros { get; }

    /// <summary>The host's Unix time (member add mixes it into the new member's ID).</summary>
    long UnixSeconds { get; }

    /// <summary>Sends a message to a peer through the simulated network.</summary>
    void SendPeer(PeerEnvelope envelope);

    /// <summary>True when an etcd serves peer HTTP at <paramref name="peerUrl"/> for this host right
    /// now (GET /version would answer): it runs, listens there, and no partition separates it.</summary>
    bool PeerServes(string peerUrl);

    /// <summary>Answers a peer that dialed this member with a refusal.</summary>
    void RejectPeer(PeerEnvelope refused, PeerRejection rejection);

    /// <summary>Writes a log line an operator must see.</summary>
    void Log(MemberLogKind kind, string text);

    /// <summary>The process exits by itself.</summary>
    void Exit(int exitCode, string error);

    /// <summary>Observer of raft internals: leaderships and applied entries (see Hosts.HostRaftWatch).</summary>
    Simulation.ISimulationMonitor? Monitor { get; }

    /// <summary>The member's IDs or membership changed: the network must learn the new peer view.</summary>
    void ViewChanged();
}
