namespace EtcdLab.Core.Scenarios;

/// <summary>
/// A text to find in a log line or an answer: <c>*</c> matches any run of characters, everything
/// else itself (case-sensitive), and the text may be anywhere in the line, as in
/// <c>tocommit(*) is out of range [lastIndex(*)]</c>.
/// </summary>
public sealed class TextPattern
{
    private readonly string[] _parts;

    private TextPattern(string text)
    {
        Text = text;
        _parts = text.Split('*');
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The pattern for <paramref name="text"/>, which must hold more than <c>*</c>.</summary>
    /// <exception cref="ArgumentException">The text is empty or only stars.</exception>
    public static TextPattern Parse(string text) =>
        text.Replace("*", "").Trim().Length > 0 ? new TextPattern(text) : throw new ArgumentException("a text to find needs more than '*' and blanks", nameof(text));

    /// <summary>True when the line holds the pattern: its parts in order, each after the previous one.</summary>
    public bool Matches(string line)
    {
        // Greedy left-to-right search is exact for '*'-only patterns: taking each part at its
        // earliest place leaves the most room for the parts after it.
        var at = 0;
        foreach (var part in _parts)
        {
            if (part.Length == 0) continue;
            var found = line.IndexOf(part, at, StringComparison.Ordinal);
            if (found < 0) return false;
            at = found + part.Length;
        }
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
