using System.Text;

namespace EtcdLab.Core.Etcdctl;

/// <summary>The table etcdctl prints with <c>-w table</c> (olekukonko/tablewriter as etcdctl configures it:
/// upper-case centred headers, right-aligned cells).</summary>
public static class TableWriter
{
    /// <summary>Renders <paramref name="header"/> and <paramref name="rows"/> as etcdctl's table.</summary>
    public static string Render(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var line = "+" + string.Concat(widths.Select(w => new string('-', w + 2) + "+"));
        var sb = new StringBuilder();
        sb.Append(line).Append('\n');
        sb.Append('|');
        for (var i = 0; i < header.Count; i++)
        {
            var text = header[i].ToUpperInvariant();
            var gap = widths[i] - text.Length;
            sb.Append(' ').Append(new string(' ', gap / 2)).Append(text).Append(new string(' ', gap - gap / 2)).Append(" |");
        }
        sb.Append('\n').Append(line).Append('\n');
        foreach (var row in rows)
        {
            sb.Append('|');
            for (var i = 0; i < row.Count; i++) sb.Append(' ').Append(row[i].PadLeft(widths[i])).Append(" |");
            sb.Append('\n');
        }
        sb.Append(line).Append('\n');
        return sb.ToString();
    }
}
