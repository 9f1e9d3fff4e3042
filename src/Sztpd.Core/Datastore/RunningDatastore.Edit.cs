using System.Text.Json.Nodes;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Storage;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Datastore;

public sealed partial class RunningDatastore
{
    /// <summary>
    /// Applies one edit atomically: either all of it is validated and stored, or nothing changes. The edit consumes
    /// <paramref name="request"/>'s body (the devices it holds are read one by one and released once written, so that a
    /// large body is not held twice, <see cref="EditBody.Rows"/>): the caller must not use it afterwards.
    /// </summary>
    public Task<EditResult> EditAsync(EditRequest request, CancellationToken ct = default)
    {
        // Not async: the request (and so its body) is not kept by the edit's state machine once it is normalized.
        var (rows, relation) = RelateToRows(request.Path);
        var body = EditBody.Prepare(schema, request, MaxKeyLength, relation == RowRelation.Above ? rows!.List : null);
        return body.Error is not null ? Task.FromResult(EditResult.Fail(body.Error))
            : body.Errors.Count > 0 ? Task.FromResult(EditResult.Fail(body.Errors))
            : EditPreparedAsync(body, ct);
    }

    private async Task<EditResult> EditPreparedAsync(EditBody body, CancellationToken ct)
    {
        var errors = new List<RestconfError>();
        var bodyRows = body.Rows is null ? null : await CheckBodyRowsAsync(RelateToRows(body.Target).List!, body, errors, ct).ConfigureAwait(false);
        if (errors.Count == 0 && body.Value is not null)
        {
            bodyRows?.Lend();
            body = body.WithValue(rules.PrepareValue(body.Target.IsRoot ? null : body.Target.Last.Node, body.Value, _running, errors));
            bodyRows?.Return();
        }
        if (errors.Count > 0)
        {
            return EditResult.Fail(errors);
        }
        if (await AuthorizeCreatedRowsAsync(body, bodyRows?.Created, ct).ConfigureAwait(false) is { } refusal)
        {
            return EditResult.Fail(refusal);
        }
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (Retired)
            {
                return EditResult.Fail(new RestconfError(404, "protocol", "invalid-value", "The tenant was deleted."));
            }
            var (rows, relation) = RelateToRows(body.Target);
            return relation switch
            {
                RowRelation.Inside => await EditRowAsync(rows!, body, ct).ConfigureAwait(false),
                _ => await EditConfigAsync(rows, relation == RowRelation.Above, body, ct).ConfigureAwait(false),
            };
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>An edit inside one row-list entry (a device): only that row is read and written.</summary>
    private async Task<EditResult> EditRowAsync(RowList rows, EditBody body, CancellationToken ct)
    {
        var key = string.Join(",", body.Target.Steps[1].Keys!);
        var stored = await store.GetRowAsync(rows.ListPath, key, ct).ConfigureAwait(false);
        var doc = new JsonObject();
        if (stored is not null)
        {
            doc[rows.ContainerMember] = new JsonObject { [body.Target.Steps[1].MemberName] = new JsonArray(JsonNode.Parse(stored.Json)) };
        }
        var error = body.ApplyTo(doc, out var created);
        if (error is not null)
        {
            return EditResult.Fail(error);
        }
        var entry = Tree.Find(doc, body.Target.Steps.Take(2).ToList()) as JsonObject;
        if (entry is null)
        {
            return await CommitRowsAsync(_running, [new RowWrite(rows, key, null, null)], created, ct).ConfigureAwait(false);
        }
        var errors = new List<RestconfError>();
        var write = CheckRow(rows, entry, _running, LeafrefIndex.Build(schema, _running), errors);
        return errors.Count > 0 ? EditResult.Fail(errors) : await CommitRowsAsync(_running, [write], created, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// An edit of the in-memory configuration, possibly above a row list (root or the devices container). The body's
    /// row-list entries are checked and written into the edit's transaction one by one, each released once written
    /// (docs/performance.md); any error rolls the whole edit back. On SQLite the transaction holds the only writer
    /// from the first row on, so device requests wait for the rows' checks too (the price of the bounded memory).
    /// </summary>
    private async Task<EditResult> EditConfigAsync(RowList? rows, bool above, EditBody body, CancellationToken ct)
    {
        var bodyRows = above ? body.ExtractRows() : null;
        var doc = (JsonObject)_running.DeepClone();
        var rowCount = rows is null ? 0 : await store.CountRowsAsync(rows.ListPath, ct).ConfigureAwait(false);
        if (above && body.Method == EditMethod.Post && rowCount > 0)
        {
            return EditResult.Fail(RestconfError.DataExists($"Child data node ({body.Target}) already exists.", body.Target.ToString()));
        }
        var error = body.ApplyTo(doc, out var created, treatAsExisting: above && rowCount > 0);
        if (error is not null)
        {
            return EditResult.Fail(error);
        }
        var validator = new InstanceValidator(schema, config: true) { MaxKeyLength = MaxKeyLength };
        var config = validator.NormalizeObject(null, doc, "");
        var errors = validator.Errors;
        if (errors.Count == 0)
        {
            rules.Complete(config, _running, renew: null, errors);
        }
        if (errors.Count == 0)
        {
            rules.OnConfig(config, _running, errors);
        }
        var index = LeafrefIndex.Build(schema, config);
        index.Check(schema, null, config, "", errors);
        var now = time.GetUtcNow();
        // The rows are still checked when the configuration is not, for their errors; they are written only while there are none.
        // An edit without rows takes the writer only to commit.
        await using var tx = errors.Count == 0 && above ? await store.BeginAsync(ct).ConfigureAwait(false) : null;
        var rewritten = new HashSet<string?>(StringComparer.Ordinal);
        var rowsWritten = above && await WriteBodyRowsAsync(tx, now, rows!, body.Method, bodyRows!, config, index, rewritten, errors, ct).ConfigureAwait(false);
        foreach (var list in rowLists.Where(l => errors.Count == 0 && !(above && ReferenceEquals(l, rows) && body.Method is EditMethod.Put or EditMethod.Delete)))
        {
            await CheckRowsStillResolveAsync(list, index, ReferenceEquals(list, rows) && above ? rewritten : null, errors, ct).ConfigureAwait(false);
        }
        if (errors.Count == 0 && above && await CheckClaimsAsync(rows!, [.. rewritten.OfType<string>()], ct).ConfigureAwait(false) is { } refusal)
        {
            return EditResult.Fail(refusal);
        }
        if (errors.Count > 0)
        {
            return EditResult.Fail(errors);
        }
        if (tx is null)
        {
            await CommitAsync(config, [], ct).ConfigureAwait(false);
        }
        else
        {
            await CommitAsync(tx, config, rowsWritten ? [rows!.ContainerMember] : [], now, ct).ConfigureAwait(false);
        }
        return new EditResult(created, []);
    }

    /// <summary>
    /// Checks the body's entries, taken off <paramref name="bodyRows"/> one by one and normalized as they are, and
    /// writes each into <paramref name="tx"/> while there is no error (a PUT then deletes the rows it did not write);
    /// <paramref name="written"/> gets their keys. Returns whether anything was written.
    /// </summary>
    private async Task<bool> WriteBodyRowsAsync(IStoreTransaction? tx, DateTimeOffset now, RowList rows, EditMethod method, Queue<JsonObject> bodyRows,
        JsonObject config, LeafrefIndex index, HashSet<string?> written, List<RestconfError> errors, CancellationToken ct)
    {
        var any = false;
        while (bodyRows.TryDequeue(out var entry))
        {
            if (method == EditMethod.Patch)
            {
                var v = new InstanceValidator(schema, config: true) { Partial = true, MaxKeyLength = MaxKeyLength };
                var normalized = v.NormalizeEntry(rows.List, entry, rows.ListPath);
                errors.AddRange(v.Errors);
                if (normalized is null)
                {
                    continue;
                }
                entry = normalized;
                if (await store.GetRowAsync(rows.ListPath, DataKeys.EntryKey(rows.List, entry)!, ct).ConfigureAwait(false) is { } old)
                {
                    entry = (JsonObject)Tree.Merge(rows.List, JsonNode.Parse(old.Json), entry);
                }
            }
            var write = CheckRow(rows, entry, config, index, errors);
            written.Add(write.Key);
            any |= await ApplyAsync(write).ConfigureAwait(false);
        }
        if (method is EditMethod.Put or EditMethod.Delete)
        {
            any |= await ApplyAsync(new RowWrite(rows, null, null, null, DeleteAll: true)).ConfigureAwait(false);
        }
        return any;

        async Task<bool> ApplyAsync(RowWrite write)
        {
            if (tx is null || errors.Count > 0)
            {
                return false;
            }
            await write.ApplyAsync(tx, now, ct).ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>Validates a row entry's rules and leafrefs and returns its write.</summary>
    private RowWrite CheckRow(RowList rows, JsonObject entry, JsonObject config, LeafrefIndex index, List<RestconfError> errors)
    {
        var validator = new InstanceValidator(schema, config: true) { MaxKeyLength = MaxKeyLength };
        var normalized = validator.NormalizeEntry(rows.List, entry, rows.ListPath) ?? entry;
        errors.AddRange(validator.Errors);
        rules.OnRow(rows, normalized, config, errors);
        var references = new List<RowReference>();
        index.Check(schema, rows.List, normalized, rows.ListPath, errors, references);
        return new RowWrite(rows, DataKeys.EntryKey(rows.List, normalized), normalized.ToJsonString(), references);
    }

    /// <summary>Rejects a change that removes a leafref target still used by a stored row (e.g. a device-type in use).</summary>
    private async Task CheckRowsStillResolveAsync(RowList rows, LeafrefIndex after, IReadOnlySet<string?>? rewritten, List<RestconfError> errors, CancellationToken ct)
    {
        var before = LeafrefIndex.Build(schema, _running);
        var skip = rewritten ?? new HashSet<string?>();
        foreach (var leaf in Descendants(rows.List).Where(IsLeafref))
        {
            var target = ((LeafNode)leaf).Type.LeafrefTarget!;
            foreach (var value in before.ValuesOf(target).Where(v => !after.Contains(target, v)))
            {
                var users = await store.FindReferencingRowsAsync(rows.ListPath, leaf.Path, value, skip.Count + 1, ct).ConfigureAwait(false);
                var user = users.FirstOrDefault(u => !skip.Contains(u));
                if (user is not null)
                {
                    errors.Add(RestconfError.InvalidValue(
                        $"\"{value}\" cannot be removed: {rows.List.Name} \"{user}\" refers to it in \"{leaf.Name}\".", leaf.Path) with
                    { AppTag = "instance-required" });
                }
            }
        }
    }

    private static bool IsLeafref(SchemaNode n) => n is LeafNode { Type.BaseType: "leafref", Type.LeafrefTarget: not null };

    private static IEnumerable<SchemaNode> Descendants(InteriorNode node) =>
        node.DataChildren.SelectMany(c => c is InteriorNode i ? Descendants(i).Prepend(c) : [c]);

    /// <summary>Commits <paramref name="writes"/> (an edit of one row) with the configuration, unless another tenant claims a key.</summary>
    private async Task<EditResult> CommitRowsAsync(JsonObject config, IReadOnlyList<RowWrite> writes, bool created, CancellationToken ct)
    {
        foreach (var list in writes.Where(w => w.Json is not null && w.Key is not null).GroupBy(w => w.List))
        {
            if (await CheckClaimsAsync(list.Key, [.. list.Select(w => w.Key!)], ct).ConfigureAwait(false) is { } refusal)
            {
                return EditResult.Fail(refusal);
            }
        }
        await CommitAsync(config, writes, ct).ConfigureAwait(false);
        return new EditResult(created, []);
    }

    private async Task<RestconfError?> CheckClaimsAsync(RowList rows, IReadOnlyList<string> keys, CancellationToken ct) =>
        RowClaims is null || keys.Count == 0 ? null : await RowClaims.CheckAsync(rows, keys, ct).ConfigureAwait(false);
}
