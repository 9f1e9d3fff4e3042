using Sztpd.Core.Restconf;

namespace Sztpd.Core.Datastore;

/// <summary>
/// Rows whose keys are unique beyond one datastore (mode x: a serial number belongs to one tenant at most), checked
/// under the write lock every datastore shares, so two edits cannot both claim a key.
/// </summary>
public interface IRowClaims
{
    /// <summary>The refusal of an edit writing rows <paramref name="keys"/> of <paramref name="rows"/>, or null.</summary>
    Task<RestconfError?> CheckAsync(RowList rows, IReadOnlyList<string> keys, CancellationToken ct);
}
