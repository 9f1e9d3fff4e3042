using Sztpd.Core.Storage;

namespace Sztpd.Core.Datastore;

/// <summary>A pending write to a row list: upsert an entry, delete one, or delete every untouched entry.</summary>
internal sealed record RowWrite(RowList List, string? Key, string? Json, IReadOnlyCollection<RowReference>? References, bool DeleteAll = false)
{
    public bool DeletesLogs => Json is null;

    public async Task ApplyAsync(IStoreTransaction tx, DateTimeOffset now, CancellationToken ct)
    {
        if (DeleteAll)
        {
            await tx.DeleteUntouchedRowsAsync(List.ListPath, Log, ct).ConfigureAwait(false);
        }
        else if (Json is null)
        {
            await tx.DeleteRowAsync(List.ListPath, Key!, ct).ConfigureAwait(false);
        }
        else
        {
            await tx.UpsertRowAsync(List.ListPath, Key!, Json, References ?? [], now, ct).ConfigureAwait(false);
        }
    }

    private const string Log = "bootstrapping";

    /// <summary>A deleted device loses its bootstrapping log too (its lifecycle ends); a whole-list replace did that in its transaction.</summary>
    public Task DeleteLogsAsync(IDataStore store, CancellationToken ct) =>
        DeleteAll || Key is null ? Task.CompletedTask : store.DeleteLogAsync(Log, Key, ct);
}
