using EtcdLab.Core.Scenarios;

namespace EtcdLab.Fuzz.Tests;

/// <summary>The repository's scenario files.</summary>
internal static class Repo
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EtcdLab.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("EtcdLab.sln not found above the test binaries");
        }
    }

    public static Scenario P1 => Load("replace-failed-member.yaml");

    public static Scenario Load(string name) => ScenarioLoader.LoadFile(Path.Combine(Root, "scenarios", name));
}
