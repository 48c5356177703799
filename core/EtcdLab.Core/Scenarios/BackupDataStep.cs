namespace EtcdLab.Core.Scenarios;

/// <summary>Copies the host's data dir to another directory on it.</summary>
/// <param name="Host">Host name.</param>
/// <param name="To">Directory the copy goes to.</param>
/// <param name="Live">True when the copy may be taken while etcd runs (<c>live: true</c>): it then
/// holds what the files hold at that moment, as <c>cp -a</c> of a running member's data dir does.
/// False refuses a running member.</param>
public sealed record BackupDataStep(
    string Host,
    string To,
    bool Live = false) : Step
{
    /// <inheritdoc />
    public override string Describe() => $"backup-data {Host} to {To}{(Live ? " (live)" : "")}";
}
