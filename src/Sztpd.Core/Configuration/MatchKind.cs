namespace Sztpd.Core.Configuration;

/// <summary>The test of a <c>match</c>.</summary>
public enum MatchKind
{
    Present,
    Value,
    Regex,
}
