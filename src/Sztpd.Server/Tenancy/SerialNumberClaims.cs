using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;
using Sztpd.Core.Storage;

namespace Sztpd.Server.Tenancy;

/// <summary>
/// Mode x: a serial number belongs to one tenant (or the host) at most. Checked under the write lock all datastores
/// share, one indexed read per 1,000 devices written. The refusal does not say where the serial number is configured.
/// </summary>
internal sealed class SerialNumberClaims(IDataStore store, string ownListPath) : IRowClaims
{
    public async Task<RestconfError?> CheckAsync(RowList rows, IReadOnlyList<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(keys);
        if (rows.List.Name != "device")
        {
            return null;
        }
        foreach (var chunk in keys.Chunk(IDataStore.PruneBatch))
        {
            var held = await store.FindRowsByKeysAsync(chunk, ct).ConfigureAwait(false);
            if (held.FirstOrDefault(r => r.ListPath != ownListPath && r.ListPath.EndsWith(rows.ListPath, StringComparison.Ordinal)) is { Row: { } row })
            {
                return RestconfError.InvalidValue($"The serial number \"{row.Key}\" is not available here.", $"{rows.ListPath}={row.Key}/serial-number");
            }
        }
        return null;
    }
}
