using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Limits;
using Sztpd.Core.Outbound;
using Sztpd.Core.Restconf;
using Sztpd.Core.Rules;
using Sztpd.Core.Storage;
using Sztpd.Core.Tenancy;

namespace Sztpd.Server.Tenancy;

/// <summary>
/// One tenant: its datastore (a mode-1 tree without transport) over its part of the store, and the requests in flight
/// that will still write to it (a device's log entries, an admin's audit entry), which its deletion waits for.
/// </summary>
internal sealed class Tenant(string name, RunningDatastore datastore, TenantDataStore store)
{
    private int _inFlight;
    private volatile bool _gone;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => name;

    public RunningDatastore Datastore => datastore;

    public TenantDataStore Store => store;

    /// <summary>Starts a request that writes to the tenant; false once the tenant is being deleted (then it is gone for the request).</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _inFlight);
        if (_gone)
        {
            Exit();
            return false;
        }
        return true;
    }

    /// <summary>Ends a request <see cref="TryEnter"/> started.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && _gone)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Refuses new requests and completes once those in flight ended.</summary>
    public Task DrainAsync()
    {
        _gone = true;
        if (Volatile.Read(ref _inFlight) == 0)
        {
            _drained.TrySetResult();
        }
        return _drained.Task;
    }
}

/// <summary>
/// The tenants of mode x (docs/multi-tenancy.md). Each is a <see cref="RunningDatastore"/> of its own over a
/// <see cref="TenantDataStore"/>; all of them and the host's share one write lock, so that an edit is checked against
/// the others (a serial number, an admin's e-mail address belong to one tenant). Created and deleted whole.
/// </summary>
internal sealed class Tenants(IDataStore store, RunningDatastore host, Func<string, TenantDataStore, RunningDatastore> open) : IDisposable
{
    private readonly SemaphoreSlim _registry = new(1, 1);
    private ImmutableSortedDictionary<string, Tenant> _all = ImmutableSortedDictionary.Create<string, Tenant>(StringComparer.Ordinal);
    private ImmutableDictionary<string, Tenant> _admins = ImmutableDictionary.Create<string, Tenant>(StringComparer.Ordinal);

    public RunningDatastore Host => host;

    public IEnumerable<Tenant> All => _all.Values;

    public int Count => _all.Count;

    private int _version;

    /// <summary>Changes whenever a tenant is opened, created or deleted, or the host's or a tenant's configuration changes.</summary>
    public int Version => Volatile.Read(ref _version);

    public Tenant? Find(string name) => _all.GetValueOrDefault(name);

    /// <summary>
    /// The tenants of <paramref name="store"/>, each datastore with the application's rules plus <see cref="TenantRules"/>,
    /// its new devices verified by the host's callout then its own device types', its serial numbers claimed against the
    /// others', and the host's write lock.
    /// </summary>
    public static async Task<Tenants> OpenAsync(IDataStore store, RunningDatastore host, TimeProvider time, InputLimits limits, ICalloutInvoker callouts, CancellationToken ct = default)
    {
        Tenants? tenants = null;
        var schema = host.Schema;
        var devicesPath = host.RowLists[0].ListPath;
        tenants = new Tenants(store, host, (name, tenantStore) =>
            new RunningDatastore(schema, tenantStore, new TenantRules(new SztpdRules(schema, time, limits) { Tenant = name }, name, () => tenants!), time, host.RowLists)
            {
                MaxKeyLength = host.MaxKeyLength,
                WriteLock = host.WriteLock,
                RowAuthorizer = new OwnershipVerification(callouts) { Tenant = (name, () => ConfigurationMapper.Map(host.Running)) },
                RowClaims = new SerialNumberClaims(store, TenantNames.Prefix(name) + devicesPath),
            });
        await tenants.LoadAsync(ct).ConfigureAwait(false);
        tenants.Watch(host); // the host's device types count too (Version)
        return tenants;
    }

    /// <summary>
    /// Where a message of the outbox goes (<see cref="Outbound.OutboxWorker"/>): the host's configuration, or its
    /// tenant's (targets <c>tenant/NAME/CALLOUT</c>) with the callout's name there; null when that tenant was deleted.
    /// </summary>
    public static (RunningConfiguration Config, string Target)? Resolve(string target, RunningDatastore host, Tenants? tenants)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(host);
        if (TenantNames.Of(target) is not { } name)
        {
            return (ConfigurationMapper.Map(host.Running), target);
        }
        return tenants?.Find(name) is { } tenant ? (ConfigurationMapper.Map(tenant.Datastore.Running), target[TenantNames.Prefix(name).Length..]) : null;
    }

    /// <summary>Opens every stored tenant (a tenant exists while it has top-level nodes: at least its admin accounts).</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        var stored = await store.LoadTopLevelAsync(ct).ConfigureAwait(false);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, Tenant>(StringComparer.Ordinal);
        foreach (var name in stored.Keys.Select(TenantNames.Of).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var tenantStore = new TenantDataStore(store, name);
            var datastore = open(name, tenantStore);
            await datastore.LoadAsync(tenantStore.Own(stored), ct).ConfigureAwait(false);
            builder[name] = new Tenant(name, datastore, tenantStore);
            Watch(datastore);
        }
        _all = builder.ToImmutable();
        IndexAdmins();
    }

    /// <summary>Creates tenant <paramref name="name"/> holding <paramref name="tree"/> (a mode-1 root document), in one edit.</summary>
    public async Task<EditResult> CreateAsync(string name, JsonObject tree, CancellationToken ct)
    {
        await _registry.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_all.ContainsKey(name))
            {
                return EditResult.Fail(RestconfError.DataExists($"The tenant \"{name}\" already exists.", $"/wn-sztpd-x:tenants/tenant={name}"));
            }
            var tenantStore = new TenantDataStore(store, name);
            var datastore = open(name, tenantStore);
            // Registered (empty) before its first edit, so that the edit's commit indexes its admins inside the write
            // lock: no other edit can take one of their addresses in between.
            _all = _all.Add(name, new Tenant(name, datastore, tenantStore));
            Watch(datastore);
            EditResult result;
            try
            {
                result = await datastore.EditAsync(new EditRequest(EditMethod.Put, ResourcePath.Root, tree), ct).ConfigureAwait(false);
            }
            catch
            {
                Unregister(name, datastore);
                throw;
            }
            if (!result.Succeeded)
            {
                Unregister(name, datastore);
                return result;
            }
            return new EditResult(true, []);
        }
        finally
        {
            _registry.Release();
        }
    }

    /// <summary>Forgets a tenant whose creating edit failed (nothing of it was stored).</summary>
    private void Unregister(string name, RunningDatastore datastore)
    {
        _all = _all.Remove(name);
        IndexAdmins();
        datastore.Dispose();
    }

    /// <summary>
    /// Deletes tenant <paramref name="name"/> and everything of it in one transaction; false when there is none. Once
    /// begun (the tenant refusing new requests), it finishes even if <paramref name="ct"/> is cancelled.
    /// </summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        await _registry.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (Find(name) is not { } tenant)
            {
                return false;
            }
            // Requests already in it finish (their log entries would otherwise outlive it); new ones find it gone.
            await tenant.DrainAsync().ConfigureAwait(false);
            await host.WriteLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await using (var tx = await store.BeginAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    await tx.DeleteScopeAsync(TenantNames.Prefix(name), CancellationToken.None).ConfigureAwait(false);
                    await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }
                tenant.Datastore.Retire(); // an edit of it waiting for the lock finds it gone
                _all = _all.Remove(name);
                IndexAdmins();
            }
            finally
            {
                host.WriteLock.Release();
            }
            tenant.Datastore.Dispose();
            return true;
        }
        finally
        {
            _registry.Release();
        }
    }

    /// <summary>The refusal of an admin account whose address the host or another tenant already has.</summary>
    public static RestconfError AddressTaken(string email) =>
        RestconfError.InvalidValue($"The e-mail address \"{email}\" is not available: admin e-mail addresses are unique across the server.",
            $"/wn-sztpd-1:admin-accounts/admin-account={Uri.EscapeDataString(email)}");

    /// <summary>The tenant whose admin accounts hold <paramref name="email"/>, if any (an index kept current with every commit).</summary>
    public Tenant? OfAdmin(string email) => _admins.GetValueOrDefault(email);

    /// <summary>
    /// Rebuilds the admin index: after a tenant is opened, created or deleted, and after an edit of a tenant's admin
    /// accounts (raised inside the edit's write lock, so the next edit's uniqueness check sees it).
    /// </summary>
    private void IndexAdmins()
    {
        Interlocked.Increment(ref _version);
        _admins = _all.Values.SelectMany(t => ConfigurationMapper.Map(t.Datastore.Running).AdminAccounts.Select(a => (a.EmailAddress, Tenant: t)))
            .DistinctBy(a => a.EmailAddress, StringComparer.Ordinal)
            .ToImmutableDictionary(a => a.EmailAddress, a => a.Tenant, StringComparer.Ordinal);
    }

    /// <summary>Raised when a tenant's keystore or preferences changed (what the certificate renewer looks at).</summary>
    public event Action? KeystoreChanged;

    private void Watch(RunningDatastore datastore) => datastore.Changed += names =>
    {
        Interlocked.Increment(ref _version);
        if (names.Contains("wn-sztpd-1:admin-accounts"))
        {
            IndexAdmins();
        }
        if (names.Contains("wn-sztpd-1:keystore") || names.Contains("wn-sztpd-1:preferences"))
        {
            KeystoreChanged?.Invoke();
        }
    };

    public void Dispose()
    {
        foreach (var tenant in _all.Values)
        {
            tenant.Datastore.Dispose();
        }
        _registry.Dispose();
    }
}
