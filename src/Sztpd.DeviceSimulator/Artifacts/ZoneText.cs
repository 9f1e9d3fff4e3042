using System.Globalization;
using System.Text;

namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>
/// RFC 1035 §5.1 presentation format of &lt;character-string&gt;s: quoted, printable ASCII as is, <c>\"</c> and
/// <c>\\</c> escaped, every other octet as <c>\DDD</c> (three decimal digits); and the reverse.
/// </summary>
internal static class ZoneText
{
    /// <summary>The most octets one &lt;character-string&gt; holds (its length is one octet).</summary>
    public const int MaxCharacterString = 255;

    /// <summary>One quoted character-string of at most 255 octets.</summary>
    public static string Quote(ReadOnlySpan<byte> octets)
    {
        var text = new StringBuilder(octets.Length + 2).Append('"');
        foreach (var b in octets)
        {
            _ = b switch
            {
                (byte)'"' or (byte)'\\' => text.Append('\\').Append((char)b),
                >= 0x20 and <= 0x7e => text.Append((char)b),
                _ => text.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture)),
            };
        }

        return text.Append('"').ToString();
    }

    /// <summary>
    /// Reads the character-strings of presentation-format RDATA: quoted or bare, separated by white space,
    /// parentheses ignored.
    /// </summary>
    /// <exception cref="FormatException">An unterminated string, a bad escape, or a string over 255 octets.</exception>
    public static IReadOnlyList<byte[]> Unquote(string rdata)
    {
        var strings = new List<byte[]>();
        var i = 0;
        while (i < rdata.Length)
        {
            var c = rdata[i];
            if (char.IsWhiteSpace(c) || c is '(' or ')')
            {
                i++;
                continue;
            }

            var octets = new List<byte>();
            var quoted = c == '"';
            i += quoted ? 1 : 0;
            while (i < rdata.Length && (quoted ? rdata[i] != '"' : !char.IsWhiteSpace(rdata[i]) && rdata[i] is not ('(' or ')')))
            {
                i = ReadOctet(rdata, i, octets);
            }

            if (quoted && i >= rdata.Length)
            {
                throw new FormatException("A quoted character-string is not terminated.");
            }

            i += quoted ? 1 : 0;
            strings.Add(octets.Count <= MaxCharacterString
                ? [.. octets]
                : throw new FormatException($"A character-string holds {octets.Count} octets; at most 255 are allowed."));
        }

        return strings;
    }

    private static int ReadOctet(string text, int i, List<byte> octets)
    {
        if (text[i] != '\\')
        {
            octets.Add(text[i] <= '\u00ff' ? (byte)text[i] : throw new FormatException($"'{text[i]}' is not an octet; escape it as \\DDD."));
            return i + 1;
        }

        var digits = text.AsSpan(i + 1, Math.Min(3, text.Length - i - 1));
        if (digits.Length == 3 && !digits.ContainsAnyExceptInRange('0', '9'))
        {
            var value = int.Parse(digits, CultureInfo.InvariantCulture);
            octets.Add(value <= 255 ? (byte)value : throw new FormatException($"\\{digits} is not an octet (000-255)."));
            return i + 4;
        }

        if (i + 1 < text.Length && !char.IsAsciiDigit(text[i + 1]) && text[i + 1] <= '\u00ff')
        {
            octets.Add((byte)text[i + 1]);
            return i + 2;
        }

        throw new FormatException("A backslash must be followed by three decimal digits or one non-digit character.");
    }
}
