namespace EtcdLab.Core.Events;

/// <summary>A member logged a line that runbooks warn about (each distinct line once per process start).</summary>
/// <param name="Host">Host name.</param>
/// <param name="Kind">What the line means.</param>
/// <param name="Text">The line, without its timestamp and level.</param>
public sealed record MemberLogged(
    string Host,
    MemberLogKind Kind,
    string Text) : RunEvent;
