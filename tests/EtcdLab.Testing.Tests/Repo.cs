namespace EtcdLab.Testing.Tests;

/// <summary>The repository the tests run in.</summary>
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
}
