namespace Sztpd.Core.Configuration;

/// <summary>
/// A <c>match</c> on the input member <see cref="Key"/>: present, equal to <see cref="Text"/>, or matching the regular
/// expression <see cref="Text"/>; <see cref="Not"/> inverts it.
/// </summary>
public sealed record MatchTest(string Key, MatchKind Kind, string? Text, bool Not);
