namespace EtcdLab.Fuzz.Generation;

/// <summary>Sub-seeds drawn from a session's seed, as the simulator forks its PRNG: SplitMix64, so
/// neighbouring indices give unrelated seeds.</summary>
internal static class Seeds
{
    /// <summary>The seed of item <paramref name="index"/> of a session seeded with <paramref name="seed"/>.</summary>
    public static ulong Mix(ulong seed, ulong index) => SplitMix(seed ^ SplitMix(index + 0x9E3779B97F4A7C15UL));

    private static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
