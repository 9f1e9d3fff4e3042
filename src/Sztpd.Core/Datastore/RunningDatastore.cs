using System.Text.Json.Nodes;
using Sztpd.Core.Accounts;
using Sztpd.Core.Storage;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Datastore;

/// <summary>
/// The running datastore: configuration held in memory except row lists (devices), which live in the store.
/// Edits are serialized, validated as a whole and written in one transaction; readers see immutable snapshots.
/// </summary>
public sealed partial class RunningDatastore(SchemaContext schema, IDataStore store, IConfigRules rules, TimeProvider time, IReadOnlyList<RowList> rowLists) : IDisposable
{
    private SemaphoreSlim _writeLock = new(1, 1);
    private bool _ownsLock = true;

    /// <summary>The longest list key an edit may create (<see cref="Limits.InputLimits.MaxKeyLength"/>).</summary>
    public int MaxKeyLength { get; init; } = Data.InstanceValidator.DefaultMaxKeyLength;
    private JsonObject _running = [];
    private AccountStates _accounts = AccountStates.Empty;

    public SchemaContext Schema => schema;

    public void Dispose()
    {
        if (_ownsLock)
        {
            _writeLock.Dispose();
        }
    }

    /// <summary>
    /// The lock edits take, shared by the host's and every tenant's datastore in mode x (an edit is checked against the
    /// others: a serial number belongs to one tenant). Set before the first edit; the sharer disposes it.
    /// </summary>
    public SemaphoreSlim WriteLock
    {
        get => _writeLock;
        init => (_writeLock, _ownsLock) = (value, false);
    }

    /// <summary>Whether the datastore was deleted (a tenant): edits are refused from then on.</summary>
    public bool Retired { get; private set; }

    /// <summary>Marks the datastore deleted; call under <see cref="WriteLock"/>, in the commit that deleted its data.</summary>
    public void Retire() => Retired = true;

    /// <summary>Checks, under the write lock, the rows an edit writes against the other datastores (mode x); null: none.</summary>
    public IRowClaims? RowClaims { get; init; }

    public IDataStore Store => store;

    public IReadOnlyList<RowList> RowLists => rowLists;

    /// <summary>The current configuration without row-list entries. Never mutate it: edits replace it.</summary>
    public JsonObject Running => _running;

    /// <summary>The admin accounts' state beside the configuration (password ages, pending activations).</summary>
    public AccountStates Accounts => _accounts;

    /// <summary>Raised after a committed edit with the qualified names of the top-level nodes it changed.</summary>
    public event Action<IReadOnlySet<string>>? Changed;

    public async Task LoadAsync(CancellationToken ct = default) =>
        await LoadAsync(await store.LoadTopLevelAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);

    /// <summary>Loads from top-level nodes already read (mode x reads every tenant's at once).</summary>
    public async Task LoadAsync(IReadOnlyDictionary<string, string> stored, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var doc = new JsonObject();
        foreach (var node in schema.TopLevelDataNodes)
        {
            var name = $"{node.Module.Name}:{node.Name}";
            if (stored.TryGetValue(name, out var json))
            {
                doc[name] = JsonNode.Parse(json);
            }
        }
        _running = doc;
        _accounts = AccountStates.Parse(await store.GetMetaAsync(AccountStates.Meta, ct).ConfigureAwait(false));
    }

    /// <summary>
    /// Changes the admin accounts' state alone (an activation), under the write lock, in its own commit. Returns what
    /// <paramref name="change"/> returned; null changes nothing.
    /// </summary>
    public async Task<T?> ChangeAccountsAsync<T>(Func<AccountStates, (AccountStates States, T Result)?> change, CancellationToken ct = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(change);
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (Retired || change(_accounts) is not var (states, result))
            {
                return null;
            }
            await using var tx = await store.BeginAsync(ct).ConfigureAwait(false);
            await tx.SetMetaAsync(AccountStates.Meta, states.ToJson(), ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            _accounts = states;
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Renews, in one commit, the managed certificates that are due (docs/certificates.md) and those of the keys in
    /// <paramref name="now"/>, switches the rollovers that are due, installs what ACME orders issued (<paramref name="acme"/>),
    /// and reissues what they issued; nothing to do, nothing
    /// is written. Returns the keys whose certificate changed and the renewals that failed (their certificates stay in force).
    /// </summary>
    public async Task<(IReadOnlyList<string> Renewed, IReadOnlyList<Certificates.ManagedKeys.Failure> Failures)> RenewDueAsync(
        IReadOnlySet<string>? now = null, IReadOnlyDictionary<string, Certificates.ManagedKeys.AcmeIssued>? acme = null, CancellationToken ct = default)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (Retired)
            {
                return ([], []);
            }
            var config = (JsonObject)_running.DeepClone();
            var errors = new List<Restconf.RestconfError>();
            var failures = rules.Complete(config, _running, new Certificates.ManagedKeys.Renewal(now ?? new HashSet<string>(), acme), errors);
            var renewed = Certificates.ManagedKeys.Changed(config, _running);
            // Besides renewals: a rollover's switch, a previous certificate that expired and is no longer published.
            if (errors.Count == 0 && !JsonNode.DeepEquals(config, _running))
            {
                rules.OnConfig(config, _running, errors);
                Data.LeafrefIndex.Build(schema, config).Check(schema, null, config, "", errors);
                if (errors.Count == 0)
                {
                    await CommitAsync(config, [], ct).ConfigureAwait(false);
                }
            }
            // A renewal the configuration's own checks refuse is a failure of every key (it is not the edit of an admin).
            return errors.Count > 0
                ? ([], [.. failures, .. errors.Select(e => new Certificates.ManagedKeys.Failure("", e.Message ?? e.Tag))])
                : (renewed, failures);
        }
        finally
        {
            _writeLock.Release();
        }
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
        var now = time.GetUtcNow();
        await using var tx = await store.BeginAsync(ct).ConfigureAwait(false);
        foreach (var w in rows)
        {
            await w.ApplyAsync(tx, now, ct).ConfigureAwait(false);
        }
        await CommitAsync(tx, newConfig, [.. rows.Select(w => w.List.ContainerMember).Distinct()], now, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="newConfig"/>'s changes and what the rules add to them into <paramref name="tx"/> (which
    /// holds the row writes of the row lists named by <paramref name="rowsChanged"/>) and commits it.
    /// </summary>
    private async Task CommitAsync(IStoreTransaction tx, JsonObject newConfig, IReadOnlyList<string> rowsChanged, DateTimeOffset now, CancellationToken ct)
    {
        var changed = new HashSet<string>(rowsChanged, StringComparer.Ordinal);
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
        var (accounts, log, mail, certificates) = rules.OnCommit(newConfig, _running, _accounts, now);
        if (!ReferenceEquals(accounts, _accounts))
        {
            await tx.SetMetaAsync(AccountStates.Meta, accounts.ToJson(), ct).ConfigureAwait(false);
        }
        foreach (var entry in log)
        {
            await tx.AppendLogAsync(entry, ct).ConfigureAwait(false);
        }
        foreach (var certificate in certificates)
        {
            await tx.AddCertificateAsync(certificate, ct).ConfigureAwait(false);
        }
        foreach (var message in mail)
        {
            await tx.AddOutboxAsync(message, ct).ConfigureAwait(false);
        }
        var revision = long.Parse(await store.GetMetaAsync("revision", ct).ConfigureAwait(false) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await tx.SetMetaAsync("revision", (revision + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        _running = newConfig;
        _accounts = accounts;
        if (changed.Count > 0)
        {
            Changed?.Invoke(changed);
        }
    }
}
