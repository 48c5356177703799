namespace EtcdLab.Core.Addresses;

/// <summary>An address in a text that EtcdLab refuses, and why.</summary>
/// <param name="Offset">0-based position of the address (the URL's host, the literal) in the text scanned.</param>
/// <param name="Length">Length of the address in the text.</param>
/// <param name="Address">The address as written.</param>
/// <param name="Problem">What is wrong with it and what to write instead; names the address.</param>
public sealed record AddressProblem(int Offset, int Length, string Address, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => Problem;
}
