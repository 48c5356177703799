namespace EtcdLab.Sim.Network;

/// <summary>What makes TCP send a lost segment again.</summary>
internal enum RetransmitTrigger
{
    /// <summary>The acknowledgement of a later segment shows the gap (RACK; fast recovery).</summary>
    Acknowledgement,

    /// <summary>The tail-loss probe: nothing was acknowledged for two round trips.</summary>
    Probe,

    /// <summary>The retransmission timeout.</summary>
    Timeout,
}
