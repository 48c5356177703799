using System.Text.RegularExpressions;

namespace EtcdLab.Core.Scenarios;

/// <summary>A variable taken from a command's standard output: the first group of <paramref name="Pattern"/>
/// (multi-line mode: <c>^</c> and <c>$</c> match at line ends).</summary>
public sealed record Capture(string Name, Regex Pattern);
