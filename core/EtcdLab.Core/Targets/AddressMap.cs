namespace EtcdLab.Core.Targets;

/// <summary>
/// Where a run's hosts really live. Scenario files use addresses 127.0.x.y (x from 1); a target
/// may move them into its own loopback slot S, 127.S.x.y, so that two runs at once never share an
/// address. The target chooses the map when it is initialized; the runner moves every address it
/// sends (host addresses, flag values, etcdctl arguments, expected texts) through it, so events
/// record the addresses members really use.
/// </summary>
/// <param name="Slot">S: 127.0.x.y becomes 127.S.x.y; 0 keeps the scenario's addresses.</param>
public sealed record AddressMap(int Slot)
{
    /// <summary>The map that keeps every address as the scenario writes it.</summary>
    public static AddressMap Identity { get; } = new(0);

    /// <summary>The address <paramref name="ip"/> maps to (addresses outside the scenario range are kept).</summary>
    public string Map(string ip) => MapText(ip);

    /// <summary><paramref name="text"/> with every scenario address in it moved into the slot.</summary>
    public string MapText(string text) => Addresses.AddressRules.IntoSlot(text, Slot);

    /// <summary>True when <paramref name="ip"/> is an address of this map's range, 127.S.x.y with x from 1:
    /// where the run's hosts may live.</summary>
    public bool Holds(string ip) =>
        System.Net.IPAddress.TryParse(ip, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
        && a.GetAddressBytes() is [127, var s, var x, _] && s == Slot && x >= 1 && a.ToString() == ip;

    /// <summary>The range in words: <c>127.3.x.y</c>.</summary>
    public string Range => $"127.{Slot}.x.y";

    /// <inheritdoc />
    public override string ToString() => Slot == 0 ? "addresses as written" : $"127.0.x.y -> 127.{Slot}.x.y";
}
