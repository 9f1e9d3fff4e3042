using Sztpd.Core.Storage;

namespace Sztpd.Core.Datastore;

/// <summary>
/// A pending write to a row list: upsert an entry, delete one, or delete every untouched entry. A deleted entry takes
/// its bootstrapping log with it (a device's lifecycle ends), in the edit's transaction.
/// </summary>
internal sealed record RowWrite(RowList List, string? Key, string? Json, IReadOnlyCollection<RowReference>? References, bool DeleteAll = false)
{
    private const string Log = "bootstrapping";

    public async Task ApplyAsync(IStoreTransaction tx, DateTimeOffset now, CancellationToken ct)
    {
        if (DeleteAll)
        {
            await tx.DeleteUntouchedRowsAsync(List.ListPath, Log, ct).ConfigureAwait(false);
        }
        else if (Json is null)
        {
            await tx.DeleteRowAsync(List.ListPath, Key!, Log, ct).ConfigureAwait(false);
        }
        else
        {
            await tx.UpsertRowAsync(List.ListPath, Key!, Json, References ?? [], now, ct).ConfigureAwait(false);
        }
    }
}
