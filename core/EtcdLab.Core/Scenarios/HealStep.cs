namespace EtcdLab.Core.Scenarios;

/// <summary>Removes every partition.</summary>
public sealed record HealStep : Step
{
    /// <inheritdoc />
    public override string Describe() => "heal";
}
