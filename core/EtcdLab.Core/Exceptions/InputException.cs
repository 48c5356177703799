namespace EtcdLab.Core.Exceptions;

/// <summary>Bad input that is not inside a scenario file: an unknown run, a missing file, a bad option.</summary>
public sealed class InputException(string message, string? details = null) : EtcdLabException(message, details)
{
    /// <inheritdoc />
    public override bool IsInputError => true;
}
