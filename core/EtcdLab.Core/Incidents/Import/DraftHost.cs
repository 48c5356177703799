namespace EtcdLab.Core.Incidents.Import;

/// <summary>A host of the draft: its lab name and loopback address, and what the incident called it.</summary>
/// <param name="Name">Lab name (<c>m1</c>).</param>
/// <param name="Ip">Loopback address.</param>
/// <param name="WasName">The incident's member or host name (the first seen; others in <paramref name="OtherNames"/>).</param>
/// <param name="WasAddress">The incident's address (the first seen).</param>
/// <param name="WasId">The incident's member ID in hex.</param>
/// <param name="Spare">True when the incident adds it (a spare host at the start).</param>
/// <param name="OtherNames">Further names the same member goes by (a host name beside a member name).</param>
/// <param name="OtherAddresses">Further addresses seen for it (an IP change).</param>
/// <param name="OnlyFile">When nothing names it: the raw file it wrote.</param>
public sealed record DraftHost(string Name, string Ip, string? WasName, string? WasAddress, string? WasId, bool Spare,
    IReadOnlyList<string> OtherNames, IReadOnlyList<string> OtherAddresses, string? OnlyFile);
