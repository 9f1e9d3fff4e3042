using System.Globalization;

namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>
/// Hexadecimal renderings of option bytes: lower-case colon-separated (<c>00:1a:68</c>, what ISC dhcpd takes for a
/// <c>string</c> option), plain lower-case, and parsing of either (colons, spaces and dashes are ignored).
/// </summary>
public static class HexText
{
    /// <summary>Lower-case, colon-separated: <c>00:1a:68:74</c>.</summary>
    public static string Colon(ReadOnlySpan<byte> bytes) =>
        string.Join(':', bytes.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>Lower-case, no separators: <c>001a6874</c>.</summary>
    public static string Plain(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Reads hex written with or without colons, spaces or dashes between the octets; an optional 0x prefix.</summary>
    /// <exception cref="FormatException">Not an even number of hexadecimal digits.</exception>
    public static byte[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[2..];
        }

        var digits = new string(trimmed.Where(c => c is not (':' or ' ' or '-' or '\t' or '\r' or '\n')).ToArray());
        if (digits.Length % 2 != 0 || !digits.All(char.IsAsciiHexDigit))
        {
            throw new FormatException($"\"{Shorten(text)}\" is not hexadecimal octets (e.g. 00:19:68:74 or 00196874).");
        }

        return Convert.FromHexString(digits);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
