using System.Text;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>Where an incident's hosts live in the lab: one <c>127.0.X.0/24</c> per incident, X drawn from
/// the incident's name (FNV-1a, so the same name always gives the same X), never 0 or 1: <c>127.0.0.x</c> is
/// localhost's and <c>127.0.1.x</c> the scenarios'. Two incidents may draw the same X; a run places its
/// hosts in its own slot anyway.</summary>
public static class LoopbackPlan
{
    /// <summary>The third octet for <paramref name="incident"/>, in 2..254.</summary>
    public static int SubnetFor(string incident)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(incident))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return 2 + (int)(hash % 253);
    }

    /// <summary>The address of the <paramref name="number"/>th host (from 1) of <paramref name="incident"/>.</summary>
    public static string Address(string incident, int number) => $"127.0.{SubnetFor(incident)}.{number}";
}
