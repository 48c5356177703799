namespace EtcdLab.Cli.Tests;

/// <summary>What one in-process <c>etcdlab</c> run printed and exited with.</summary>
/// <param name="Exit">The exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Errors">Standard error.</param>
internal sealed record CliResult(int Exit, string Output, string Errors)
{
    /// <summary>Both streams, stdout first: for tests that look for a text wherever it is printed.</summary>
    public string All => Output + Errors;

    /// <summary><c>var (exit, output) = ...</c>: the exit code and both streams (<see cref="All"/>).</summary>
    public void Deconstruct(out int exit, out string all)
    {
        exit = Exit;
        all = All;
    }
}
