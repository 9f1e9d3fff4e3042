using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Datastore;

/// <summary>
/// Authorizes the rows an edit creates (devices whose ownership a callout verifies), before the write lock is taken,
/// since it may wait on the network: a refusal rejects the whole edit and nothing changes.
/// </summary>
public interface IRowAuthorizer
{
    /// <summary>Whether any entry of <paramref name="rows"/> created in <paramref name="config"/> would be asked about (else an edit gathers none).</summary>
    bool Asks(RowList rows, JsonObject config);

    /// <summary>
    /// The refusal of the entries of <paramref name="rows"/> that the edit creates (<paramref name="created"/>: each with
    /// its keys and the leafrefs among its own leaves, such as a device's serial number and device type), or null;
    /// <paramref name="config"/> is the configuration their references are read in.
    /// </summary>
    Task<RestconfError?> AuthorizeCreatedAsync(RowList rows, IReadOnlyList<JsonObject> created, JsonObject config, CancellationToken ct);
}
