using System.Globalization;
using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Parses range and length arguments (RFC 7950 sections 9.2.4 and 9.4.4), such as <c>1..10 | 20..max</c>.</summary>
internal static class RangeParser
{
    /// <summary>Parses <paramref name="at"/>'s argument; <c>min</c> and <c>max</c> stand for the bounds of the type being restricted.</summary>
    public static List<YangRange> Parse(Statement at, decimal min, decimal max)
    {
        var parts = new List<YangRange>();
        foreach (var part in at.Arg.Split('|'))
        {
            var bounds = part.Split("..");
            if (bounds.Length > 2)
            {
                throw at.Error($"invalid {at.Keyword} part '{part.Trim()}'");
            }
            var low = Bound(bounds[0], min, max, at);
            var high = bounds.Length == 2 ? Bound(bounds[1], min, max, at) : low;
            if (high < low || (parts.Count > 0 && low <= parts[^1].Max))
            {
                throw at.Error($"{at.Keyword} parts of '{at.Arg}' must be ascending and disjoint");
            }
            if (low < min || high > max)
            {
                throw at.Error($"{at.Keyword} '{at.Arg}' is outside the base type's {min}..{max}");
            }
            parts.Add(new YangRange(low, high));
        }
        return parts;
    }

    private static decimal Bound(string text, decimal min, decimal max, Statement at)
    {
        var trimmed = text.Trim();
        return trimmed switch
        {
            "min" => min,
            "max" => max,
            _ => decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw at.Error($"invalid {at.Keyword} bound '{trimmed}'"),
        };
    }
}
