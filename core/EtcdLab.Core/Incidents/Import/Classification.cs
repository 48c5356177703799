namespace EtcdLab.Core.Incidents.Import;

/// <summary>What the <see cref="LineClassifier"/> made of a line.</summary>
/// <param name="Kind">What the line says.</param>
/// <param name="Fields">What it extracted (<c>term</c>, <c>got</c>, <c>want</c>, <c>version</c>, <c>tocommit</c>, ...).</param>
/// <param name="Sightings">The members the line reveals, with the pairs it ties (ID and address, ID and name).</param>
public sealed record Classification(LineKind Kind, IReadOnlyDictionary<string, string> Fields, IReadOnlyList<MemberSighting> Sightings);
