namespace EtcdLab.Core.Incidents.Import;

/// <summary>What the draft made of one raw file: how many of its lines became entries, comments, or nothing (blank).</summary>
/// <param name="File">The file as the draft names it.</param>
/// <param name="Lines">Its lines.</param>
/// <param name="Recognised">Lines that became (part of) a timeline entry.</param>
/// <param name="Unrecognised">Lines kept as <c># unrecognised</c> comments: the warning count.</param>
/// <param name="Annotations">Lines of ours (<c># source:</c>, <c># note:</c>, ...) and stack trace lines kept as comments.</param>
/// <param name="Blank">Blank lines.</param>
/// <param name="Timed">True when the file's lines carry whole times.</param>
public sealed record FileReport(string File, int Lines, int Recognised, int Unrecognised, int Annotations, int Blank, bool Timed);
