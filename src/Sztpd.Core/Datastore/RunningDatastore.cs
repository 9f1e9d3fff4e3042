using System.Text.Json.Nodes;
using Sztpd.Core.Storage;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Datastore;

/// <summary>
/// The running datastore: configuration held in memory except row lists (devices), which live in the store.
/// Edits are serialized, validated as a whole and written in one transaction; readers see immutable snapshots.
/// </summary>
public sealed partial class RunningDatastore(SchemaContext schema, IDataStore store, IConfigRules rules, TimeProvider time, IReadOnlyList<RowList> rowLists) : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>The longest list key an edit may create (<see cref="Limits.InputLimits.MaxKeyLength"/>).</summary>
    public int MaxKeyLength { get; init; } = Data.InstanceValidator.DefaultMaxKeyLength;
    private JsonObject _running = [];

    public SchemaContext Schema => schema;

    public void Dispose() => _writeLock.Dispose();

    public IDataStore Store => store;

    public IReadOnlyList<RowList> RowLists => rowLists;

    /// <summary>The current configuration without row-list entries. Never mutate it: edits replace it.</summary>
    public JsonObject Running => _running;

    /// <summary>Raised after a committed edit with the qualified names of the top-level nodes it changed.</summary>
    public event Action<IReadOnlySet<string>>? Changed;

    public async Task LoadAsync(CancellationToken ct = default)
    {
        var doc = new JsonObject();
        var stored = await store.LoadTopLevelAsync(ct).ConfigureAwait(false);
        foreach (var node in schema.TopLevelDataNodes)
        {
            var name = $"{node.Module.Name}:{node.Name}";
            if (stored.TryGetValue(name, out var json))
            {
                doc[name] = JsonNode.Parse(json);
            }
        }
        _running = doc;
    }

    /// <summary>The row list whose path relates to <paramref name="path"/>, if any.</summary>
    private (RowList? List, RowRelation Relation) RelateToRows(Restconf.ResourcePath path)
    {
        foreach (var r in rowLists)
        {
            var rel = r.Relate(path);
            if (rel != RowRelation.Unrelated)
            {
                return (r, rel);
            }
        }
        return (null, RowRelation.Unrelated);
    }

    private async Task CommitAsync(JsonObject newConfig, IReadOnlyList<RowWrite> rows, CancellationToken ct)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        await using var tx = await store.BeginAsync(ct).ConfigureAwait(false);
        foreach (var name in newConfig.Select(kv => kv.Key).Union(_running.Select(kv => kv.Key)))
        {
            var after = newConfig[name]?.ToJsonString();
            if (after == _running[name]?.ToJsonString())
            {
                continue;
            }
            changed.Add(name);
            if (after is null)
            {
                await tx.DeleteTopLevelAsync(name, ct).ConfigureAwait(false);
            }
            else
            {
                await tx.PutTopLevelAsync(name, after, ct).ConfigureAwait(false);
            }
        }
        foreach (var w in rows)
        {
            changed.Add(w.List.ContainerMember);
            await w.ApplyAsync(tx, now, ct).ConfigureAwait(false);
        }
        var revision = long.Parse(await store.GetMetaAsync("revision", ct).ConfigureAwait(false) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await tx.SetMetaAsync("revision", (revision + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        _running = newConfig;
        if (changed.Count > 0)
        {
            Changed?.Invoke(changed);
        }
    }
}
