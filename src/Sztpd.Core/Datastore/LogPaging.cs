using Sztpd.Core.Restconf;

namespace Sztpd.Core.Datastore;

/// <summary>
/// Which part of each log-entry list (the audit log, a device's bootstrapping log) a read returns, with the query
/// parameters of draft-ietf-netconf-list-pagination (<c>limit</c>, <c>offset</c>, <c>direction</c>), and how many log
/// entries one answer may hold in all: a read that would hold more is refused (413 <c>too-big</c>), never cut silently.
/// </summary>
public sealed record LogPaging(int? Limit = null, long Offset = 0, bool Backwards = false, int MaxEntries = LogPaging.DefaultMaxEntries)
{
    public const int DefaultMaxEntries = 10_000;

    public static LogPaging Default { get; } = new();

    /// <summary>The 413 of an answer that would hold more than <see cref="MaxEntries"/> log entries.</summary>
    internal RestconfError TooBig() => new(413, "application", "too-big",
        $"The answer would hold more than {MaxEntries} log entries; ask for a part with the \"limit\", \"offset\" and \"direction\" query parameters, or read one device's log.");
}
