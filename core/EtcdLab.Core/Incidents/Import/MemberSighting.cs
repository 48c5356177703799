namespace EtcdLab.Core.Incidents.Import;

/// <summary>What one line reveals about one member: any of its ID, name and address, seen together.
/// The drafter joins sightings into members (by ID first, address second, name last).</summary>
/// <param name="Id">Member ID in hex as printed (not zero-padded), if seen.</param>
/// <param name="Name">Member name, if seen (empty names of unstarted members are left out).</param>
/// <param name="Address">Its host's address (from a peer or client URL, a listen line, a dial), if seen.</param>
/// <param name="Self">True when the line is this member's own (the member that logged it).</param>
/// <param name="Joining">True when the line adds this member (it starts the incident outside the cluster).</param>
public sealed record MemberSighting(string? Id, string? Name, string? Address, bool Self = false, bool Joining = false);
