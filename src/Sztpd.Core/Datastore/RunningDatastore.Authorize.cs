using System.Text.Json.Nodes;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Datastore;

public sealed partial class RunningDatastore
{
    /// <summary>Authorizes the rows an edit creates (<see cref="IRowAuthorizer"/>); null: no authorization.</summary>
    public IRowAuthorizer? RowAuthorizer { get; init; }

    /// <summary>
    /// Before the write lock: the entries of the edit's body that do not exist yet are given to <see cref="RowAuthorizer"/>
    /// (<paramref name="created"/>: those of the body's row list, <see cref="CheckBodyRowsAsync"/>; else the entry the
    /// edit targets). A concurrent edit may still create or delete one of them before this edit takes the lock
    /// (docs/integration.md).
    /// </summary>
    private async Task<RestconfError?> AuthorizeCreatedRowsAsync(EditBody body, List<JsonObject>? created, CancellationToken ct)
    {
        var (rows, relation) = RelateToRows(body.Target);
        if (RowAuthorizer is null || rows is null || body.Value is null || body.Method == EditMethod.Delete)
        {
            return null;
        }
        if (created is null && relation == RowRelation.Inside && body.Target.Steps.Count == 2 && body.Value is JsonObject entry
            && RowAuthorizer.Asks(rows, AuthorizationConfig(body)) && await IsNewAsync(rows, entry, ct).ConfigureAwait(false))
        {
            created = [Identity(rows, entry)];
        }
        return created is not { Count: > 0 } ? null : await RowAuthorizer.AuthorizeCreatedAsync(rows, created, AuthorizationConfig(body), ct).ConfigureAwait(false);
    }

    /// <summary>The configuration a row authorizer reads the created rows' references in: a root edit that brings its own device types is read with them.</summary>
    private JsonObject AuthorizationConfig(EditBody body) =>
        body.Target.IsRoot && body.Value is JsonObject root && root.ContainsKey("wn-sztpd-1:device-types") ? root : _running;

    /// <summary>What a row authorizer is given of an entry: its keys and the leafrefs among its own leaves (<see cref="IRowAuthorizer"/>).</summary>
    private static JsonObject Identity(RowList rows, JsonObject entry)
    {
        var identity = new JsonObject();
        foreach (var leaf in rows.List.DataChildren.OfType<Yang.LeafNode>().Where(l => l.IsKey || IsLeafref(l)))
        {
            var member = InstanceValidator.MemberName(rows.List, leaf);
            if (entry[member] is { } value)
            {
                identity[member] = value.DeepClone();
            }
        }
        return identity;
    }

    private async Task<bool> IsNewAsync(RowList rows, JsonObject entry, CancellationToken ct) =>
        DataKeys.EntryKey(rows.List, entry) is { } key && await store.GetRowAsync(rows.ListPath, key, ct).ConfigureAwait(false) is null;
}
