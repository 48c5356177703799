namespace EtcdLab.Sim.Network;

/// <summary>A message in a <see cref="PeerStream"/> that has not arrived yet.</summary>
/// <param name="Message">What the receiver gets.</param>
/// <param name="Natural">When it would arrive had nothing before it been lost.</param>
/// <param name="ReceiverIncarnation">The receiving process it was meant for: a restarted one gets nothing of it.</param>
internal readonly record struct HeldMessage(object Message, long Natural, int ReceiverIncarnation);
