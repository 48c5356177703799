namespace EtcdLab.Core.Scenarios;

/// <summary>Thaws etcd on a host (SIGCONT).</summary>
/// <param name="Host">Host name.</param>
public sealed record ResumeStep(
    string Host) : Step
{
    /// <inheritdoc />
    public override string Describe() => "resume " + Host;
}
