namespace EtcdLab.Core.Scenarios;

/// <summary>
/// A text a log line must show, as scenarios (<c>expect-log</c>, <c>expect-exit</c>) and incidents
/// (symptoms) write it: <c>*</c> matches any run of characters, everything else matches itself
/// (case-sensitive), and the text may sit anywhere in the line:
/// <c>tocommit(*) is out of range [lastIndex(*)]</c>.
/// </summary>
/// <remarks>Matching is a left-to-right search for each literal piece in turn, so it takes time
/// linear in the line per piece, and no pattern backtracks (unlike a regular expression built
/// from the text).</remarks>
public sealed class TextPattern : IEquatable<TextPattern>
{
    private readonly string[] _pieces;

    private TextPattern(string text, string[] pieces)
    {
        Text = text;
        _pieces = pieces;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The literal pieces between the <c>*</c>s, in order, without empty ones.</summary>
    public IReadOnlyList<string> Pieces => _pieces;

    /// <summary>Reads a pattern; <c>*</c> is the only special character.</summary>
    /// <exception cref="ArgumentException">The text is empty or only <c>*</c>s: it would match every line.</exception>
    public static TextPattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = text.Split('*', StringSplitOptions.RemoveEmptyEntries);
        if (pieces.Length == 0)
            throw new ArgumentException($"'{text}' matches every line; write the text the line must contain (* stands for any run of characters)", nameof(text));
        return new TextPattern(text, pieces);
    }

    /// <summary>True when the line contains the pattern's pieces in order (a <c>*</c> between two
    /// pieces matches what lies between them).</summary>
    public bool Matches(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var at = 0;
        foreach (var piece in _pieces)
        {
            var found = line.IndexOf(piece, at, StringComparison.Ordinal);
            if (found < 0) return false;
            at = found + piece.Length;
        }
        return true;
    }

    /// <summary>How much of the pattern <paramref name="line"/> shows: the characters of the longest
    /// run of pieces, from the first, that it contains in order, plus those of any other piece it
    /// contains. Ranks the lines a failure message offers as the closest.</summary>
    public int Closeness(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var score = 0;
        var at = 0;
        var inOrder = true;
        foreach (var piece in _pieces)
        {
            var found = inOrder ? line.IndexOf(piece, at, StringComparison.Ordinal) : -1;
            if (found >= 0)
            {
                score += 2 * piece.Length;
                at = found + piece.Length;
                continue;
            }
            inOrder = false;
            if (line.Contains(piece, StringComparison.Ordinal)) score += piece.Length;
            else score += SharedWordCharacters(piece, line);
        }
        return score;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <inheritdoc />
    public bool Equals(TextPattern? other) => other is not null && other.Text == Text;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TextPattern);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>Characters of the piece's words that occur in the line: a line that shares a few
    /// words with the pattern is closer than one that shares none.</summary>
    private static int SharedWordCharacters(string piece, string line) =>
        piece.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 3 && line.Contains(w, StringComparison.Ordinal))
            .Sum(w => w.Length);
}
