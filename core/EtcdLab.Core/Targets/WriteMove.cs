namespace EtcdLab.Core.Targets;

/// <summary>What a client does next for one write (see <see cref="WriteCourse"/>).</summary>
/// <param name="Kind">Try a host, pause, or give up.</param>
/// <param name="HostIndex">For <see cref="WriteMoveKind.Try"/>: the index in <see cref="WriterSpec.Hosts"/>.</param>
/// <param name="Wait">For <see cref="WriteMoveKind.Try"/>: how long to wait for an answer; for <see cref="WriteMoveKind.Pause"/>: how long to pause.</param>
/// <param name="Error">For <see cref="WriteMoveKind.GiveUp"/>: the error the write is recorded with.</param>
public readonly record struct WriteMove(WriteMoveKind Kind, int HostIndex, TimeSpan Wait, string? Error);
