namespace Sztpd.Core.Configuration;

/// <summary>A <c>matched-response</c>: used when every match holds (none: always).</summary>
public sealed record MatchedResponse(string Name, IReadOnlyList<MatchTest> Matches, ResponseReference Response);
