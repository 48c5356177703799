using EtcdLab.Core.Scenarios;

namespace EtcdLab.Scenarios.Tests;

/// <summary>The scenario files of the repository, for theories.</summary>
public static class ScenarioFiles
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EtcdLab.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("EtcdLab.sln not found above the test binaries");
        }
    }

    /// <summary>P1-P8, by file name relative to the repository.</summary>
    public static TheoryData<string> Procedures() => Files("scenarios");

    /// <summary>The mutants, by file name relative to the repository.</summary>
    public static TheoryData<string> Mutants() => Files(Path.Combine("scenarios", "mutants"));

    /// <summary>The conformance scenarios (cases where the simulator once parted ways with real etcd), by file name relative to the repository.</summary>
    public static TheoryData<string> Conformance() => Files(Path.Combine("scenarios", "conformance"));

    public static Scenario Load(string file) => ScenarioLoader.LoadFile(Path.Combine(RepoRoot, file));

    private static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(RepoRoot, folder), "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoRoot, f));
        return data;
    }
}
