using EtcdLab.Core.Incidents.Import;

namespace EtcdLab.Core.Tests.Import;

/// <summary>The incident corpus's raw lines, read from incidents/*/raw/ (real lines, not copies).</summary>
internal static class Corpus
{
    public static string Incident(string name) => Path.Combine(ScenarioFilesSpec.RepoRoot, "incidents", name);

    /// <summary>Line <paramref name="number"/> of <c>incidents/&lt;incident&gt;/raw/&lt;file&gt;</c>, as a parser sees it.</summary>
    public static RawLine Line(string incident, string file, int number) =>
        new($"raw/{file}", number, File.ReadAllLines(Path.Combine(Incident(incident), "raw", file))[number - 1]);

    public static ImportedLine Parse(string incident, string file, int number) => RawFileParser.ParseLine(Line(incident, file, number));

    public static IReadOnlyList<RawInput> Raw(string incident) => RawInputs.Read([Incident(incident)]);

    public static IncidentDraft Draft(string incident) => IncidentDraft.From(incident, Raw(incident));
}
