namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>
/// A bootstrap-server-list as a client reads it (RFC 8572 §8.1, §8.2): the valid URIs in order, the entries it
/// ignores, and — when it must discard the whole option — why.
/// </summary>
public sealed record SztpRedirectDecoding
{
    /// <summary>The valid URIs, in the order of the list; empty when the option is discarded.</summary>
    public required IReadOnlyList<string> Uris { get; init; }

    /// <summary>Entries ignored as invalid URIs ("Any invalid URI entries ... are ignored by the client").</summary>
    public required IReadOnlyList<SztpRedirectInvalidEntry> Invalid { get; init; }

    /// <summary>
    /// Null when the option is usable; otherwise why the client discards it: the list is malformed (an entry's
    /// uri-length runs past the end), or it holds no valid URI ("the client MUST discard the option").
    /// </summary>
    public string? Error { get; init; }

    /// <summary>True when the client discards the option (see <see cref="Error"/>).</summary>
    public bool IsDiscarded => Error is not null;
}
