namespace EtcdLab.Core.Scenarios;

/// <summary>Copies the host's data dir to another directory on it.</summary>
/// <param name="Host">Host name.</param>
/// <param name="To">Directory the copy goes to.</param>
public sealed record BackupDataStep(
    string Host,
    string To) : Step
{
    /// <inheritdoc />
    public override string Describe() => $"backup-data {Host} to {To}";
}
