using System.Text.RegularExpressions;

namespace EtcdLab.Core.Scenarios;

/// <summary>A variable taken from a command's standard output: the first group of <paramref name="Pattern"/>
/// (multi-line mode: <c>^</c> and <c>$</c> match at line ends).</summary>
public sealed record Capture(string Name, Regex Pattern)
{
    /// <summary>How long one match may take; a pattern that backtracks longer on some output fails its step.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
}
