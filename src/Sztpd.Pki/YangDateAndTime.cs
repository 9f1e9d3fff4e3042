using System.Globalization;
using System.Text.RegularExpressions;

namespace Sztpd.Pki;

/// <summary>The <c>yang:date-and-time</c> type (RFC 6991, an RFC 3339 profile): parsing and UTC formatting.</summary>
internal static partial class YangDateAndTime
{
    /// <summary>Formats as <c>2026-03-01T12:00:00Z</c>, with fractional seconds only when present.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses the YANG pattern; fractions beyond 100 ns are truncated.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        var match = text is null ? null : Pattern().Match(text);
        if (match is null || !match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var normalized = match.Groups["seconds"].Value
            + (fraction.Length > 8 ? fraction[..8] : fraction)
            + (match.Groups["zone"].Value is "Z" ? "+00:00" : match.Groups["zone"].Value);
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^(?<seconds>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?<fraction>\.[0-9]+)?(?<zone>Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
