using System.Text.Json.Nodes;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Datastore;

public sealed partial class RunningDatastore
{
    /// <summary>Authorizes the rows an edit creates (<see cref="IRowAuthorizer"/>); null: no authorization.</summary>
    public IRowAuthorizer? RowAuthorizer { get; init; }

    /// <summary>
    /// Before the write lock: the entries of the edit's body that do not exist yet are given to <see cref="RowAuthorizer"/>.
    /// A concurrent edit may still create or delete one of them before this edit takes the lock (docs/integration.md).
    /// </summary>
    private async Task<RestconfError?> AuthorizeCreatedRowsAsync(EditBody body, CancellationToken ct)
    {
        var (rows, relation) = RelateToRows(body.Target);
        if (RowAuthorizer is null || rows is null || body.Value is null || body.Method == EditMethod.Delete
            || relation == RowRelation.Unrelated || (relation == RowRelation.Inside && body.Target.Steps.Count != 2))
        {
            return null;
        }
        var created = new List<JsonObject>();
        foreach (var entry in BodyRows(rows, body))
        {
            if (DataKeys.EntryKey(rows.List, entry) is { } key && await store.GetRowAsync(rows.ListPath, key, ct).ConfigureAwait(false) is null)
            {
                created.Add(entry);
            }
        }
        // A root edit that brings its own device types is read with them.
        var config = body.Target.IsRoot && body.Value is JsonObject root && root.ContainsKey("wn-sztpd-1:device-types") ? root : _running;
        return created.Count == 0 ? null : await RowAuthorizer.AuthorizeCreatedAsync(rows, created, config, ct).ConfigureAwait(false);
    }

    /// <summary>The row-list entries in an edit's body: the entry itself (an edit of one entry), or the list's entries at or above it.</summary>
    private static IEnumerable<JsonObject> BodyRows(RowList rows, EditBody body)
    {
        var value = body.Target.IsRoot ? (body.Value as JsonObject)?[rows.ContainerMember] : body.Value;
        return value switch
        {
            JsonObject entry when entry.ContainsKey(rows.List.Keys[0]) => [entry],
            JsonObject container => (container[rows.List.Name] as JsonArray ?? []).OfType<JsonObject>(),
            JsonArray entries => entries.OfType<JsonObject>(),
            _ => [],
        };
    }
}
