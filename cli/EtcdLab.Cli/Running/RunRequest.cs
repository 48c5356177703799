namespace EtcdLab.Cli.Running;

/// <summary>One run as the command line asks for it.</summary>
/// <param name="ScenarioFile">The scenario file.</param>
/// <param name="Target"><c>sim</c> or <c>docker</c>.</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="ReportsDirectory">Where run folders and the embedded store go.</param>
/// <param name="Slot">Loopback slot to place the hosts in, when another run's placement must be repeated (conform); null lets the target choose.</param>
/// <param name="Faults">Faults to strike around the steps, and the file they come from (<c>--faults</c>); null for none.</param>
public sealed record RunRequest(string ScenarioFile, string Target, ulong Seed, string ReportsDirectory, int? Slot = null, FaultsRequest? Faults = null)
{
    /// <summary>The run's name in its folder and stream; default: the scenario file's name.</summary>
    public string? Name { get; init; }

    /// <summary>Run every step even after one failed (<c>etcdlab replay</c>: the incident's operator went on).</summary>
    public bool KeepGoing { get; init; }

    /// <summary>The command that repeats this run, when it is not <c>etcdlab run</c>.</summary>
    public string? Reproduce { get; init; }

    /// <summary>The command that repeats this run.</summary>
    public string ReproduceCommand => Reproduce ??
        $"etcdlab run {ScenarioFile} --target {Target} --seed {Seed}" + (Faults is { } f ? $" --faults {f.File}" : "");
}
