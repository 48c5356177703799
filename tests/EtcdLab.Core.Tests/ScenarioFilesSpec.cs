using EtcdLab.Core.Scenarios;

namespace EtcdLab.Core.Tests;

public class ScenarioFilesSpec
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

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(RepoRoot, "scenarios"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoRoot, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_scenario_file_should_load(string file)
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(RepoRoot, file));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), scenario.Name);
        Assert.NotEmpty(scenario.Promises.FinalMembers);
        // Conformance scenarios hold a simulator and real etcd to the same behaviour outside a runbook.
        Assert.Matches(file.Contains("conformance") ? @"^(P[1-8]|conformance)" : @"^P[1-8]", scenario.Procedure);
        Assert.Equal(file.Contains("mutants"), scenario.Breaks.Count > 0);
    }

    [Fact]
    public void Procedures_P1_to_P8_should_each_have_a_scenario()
    {
        var procedures = Directory.GetFiles(Path.Combine(RepoRoot, "scenarios"), "*.yaml")
            .Select(f => ScenarioLoader.LoadFile(f).Procedure).Distinct().Order().ToArray(); // P1 also on a TLS cluster
        Assert.Equal(["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"], procedures);
    }
}
