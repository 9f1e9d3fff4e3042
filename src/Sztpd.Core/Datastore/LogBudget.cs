using System.Text.Json.Nodes;

namespace Sztpd.Core.Datastore;

/// <summary>What is left of one answer's log entries (<see cref="LogPaging.MaxEntries"/>), and the page each log-entry list gives.</summary>
internal sealed class LogBudget(LogPaging paging)
{
    private int _left = paging.MaxEntries;

    public LogPaging Paging => paging;

    /// <summary>How many entries to read of a list paged in the store: the page size, at most one past what is left.</summary>
    public int NextReadSize() => Math.Min(paging.Limit ?? int.MaxValue, _left + 1);

    /// <summary>The page of an in-memory list (offset, direction, limit), counted.</summary>
    public IEnumerable<JsonNode?> Take(IReadOnlyList<JsonNode?> entries)
    {
        var ordered = paging.Backwards ? entries.Reverse() : entries;
        var page = ordered.Skip((int)Math.Min(paging.Offset, int.MaxValue));
        return Count(paging.Limit is { } limit ? page.Take(limit) : page);
    }

    /// <summary>The entries of a page read from the store, counted.</summary>
    public IEnumerable<JsonNode?> Count(IEnumerable<JsonNode?> entries)
    {
        var list = entries.ToList();
        _left -= list.Count;
        if (_left < 0)
        {
            throw new ExceededException();
        }
        return list;
    }

    /// <summary>The answer would hold more log entries than it may.</summary>
    internal sealed class ExceededException : Exception;
}
