namespace EtcdLab.Sim.Server;

/// <summary>
/// How Go's flag package (go1.19, what etcd 3.4.23 is built with) reads bool and unsigned values,
/// and the error words it reports (<c>parse error</c>, <c>value out of range</c>). Unsigned values go
/// through <c>strconv.ParseUint(s, 0, 64)</c>: <c>0x10</c>, <c>010</c> (octal), <c>0b1</c> and
/// <c>1_000</c> are numbers; a sign, a space, a fraction, an exponent or <c>.nan</c> are not.
/// </summary>
internal static class GoFlagValues
{
    private const string ParseError = "parse error";
    private const string RangeError = "value out of range";

    /// <summary>strconv.ParseBool: 1, t, T, TRUE, true, True and their false counterparts.</summary>
    public static string? ParseBool(string s, out bool value)
    {
        switch (s)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                value = true;
                return null;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                value = false;
                return null;
            default:
                value = false;
                return ParseError;
        }
    }

    /// <summary>strconv.ParseUint(s, 0, 64): the base from the prefix, underscores between digits.</summary>
    public static string? ParseUint(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0) return ParseError;
        var digits = s;
        var radix = 10u;
        if (s[0] == '0')
        {
            (radix, digits) = s.Length >= 3 && char.ToLowerInvariant(s[1]) is var p && p is 'b' or 'o' or 'x'
                ? (p switch { 'b' => 2u, 'o' => 8u, _ => 16u }, s[2..])
                : (8u, s[1..]);
        }

        var cutoff = ulong.MaxValue / radix + 1;
        var underscores = false;
        ulong n = 0;
        foreach (var c in digits)
        {
            uint d;
            if (c == '_')
            {
                underscores = true;
                continue;
            }
            if (char.IsAsciiDigit(c)) d = (uint)(c - '0');
            else if (char.IsAsciiLetter(c)) d = (uint)(char.ToLowerInvariant(c) - 'a' + 10);
            else return ParseError;
            if (d >= radix) return ParseError;
            if (n >= cutoff) return RangeError;
            n *= radix;
            var next = n + d;
            if (next < n) return RangeError;
            n = next;
        }
        if (underscores && !UnderscoresOk(s)) return ParseError;
        value = n;
        return null;
    }

    /// <summary>strconv's underscoreOK: an underscore only between digits (a base prefix counts as one).</summary>
    private static bool UnderscoresOk(string s)
    {
        var saw = '^';
        var i = 0;
        if (s.Length > 0 && s[0] is '-' or '+') s = s[1..];
        var hex = false;
        if (s.Length >= 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'b' or 'o' or 'x')
        {
            i = 2;
            saw = '0';
            hex = char.ToLowerInvariant(s[1]) == 'x';
        }
        for (; i < s.Length; i++)
        {
            if (char.IsAsciiDigit(s[i]) || (hex && char.IsAsciiHexDigit(s[i])))
            {
                saw = '0';
                continue;
            }
            if (s[i] == '_')
            {
                if (saw != '0') return false;
                saw = '_';
                continue;
            }
            if (saw == '_') return false;
            saw = '!';
        }
        return saw != '_';
    }
}
