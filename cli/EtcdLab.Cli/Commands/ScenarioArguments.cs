using System.CommandLine;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Scenarios;

namespace EtcdLab.Cli.Commands;

/// <summary>Scenario files given on the command line, or the repository's scenarios when none is.</summary>
public static class ScenarioArguments
{
    /// <summary>The optional list of scenario files.</summary>
    public static Argument<string[]> Create() => new("scenarios")
    {
        Description = "Scenario files (default: scenarios/*.yaml, and scenarios/mutants/*.yaml and scenarios/conformance/*.yaml where the command says so)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The scenarios to use: the files given, else the procedures, and when <paramref name="withMutants"/>
    /// also the mutants and the conformance scenarios (the cases where the simulator once parted ways
    /// with real etcd): the set that compares targets. Every file is loaded here, once, so a mistake in
    /// any of them stops the command before it runs anything.</summary>
    public static IReadOnlyList<Scenario> Resolve(string[]? given, bool withMutants) =>
        Find(given, withMutants).Select(file => ScenarioLoader.LoadFile(file)).ToArray();

    private static IReadOnlyList<string> Find(string[]? given, bool withMutants)
    {
        if (given is { Length: > 0 }) return given;
        if (!Directory.Exists("scenarios"))
            throw new InputException("no scenario files given and no scenarios/ folder here: run etcdlab from the repository root or name the files.");
        var files = Directory.GetFiles("scenarios", "*.yaml").Order(StringComparer.Ordinal).ToList();
        if (!withMutants) return files;
        foreach (var folder in new[] { "mutants", "conformance" })
            if (Directory.Exists(Path.Combine("scenarios", folder)))
                files.AddRange(Directory.GetFiles(Path.Combine("scenarios", folder), "*.yaml").Order(StringComparer.Ordinal));
        return files;
    }
}
