using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;
using Sztpd.Core.Storage;
using Sztpd.Core.Tenancy;

namespace Sztpd.Server.Tenancy;

/// <summary>
/// Mode x: a device is found in whichever tenant (or the host) holds its serial number, with one indexed read however
/// many tenants there are; a device of a deleted tenant is found nowhere.
/// </summary>
internal sealed class TenantDeviceDirectory(Tenants tenants, IDataStore store, string devicesPath) : IDeviceDirectory
{
    private Ruled _ruled = new(-1, []);

    /// <summary>Kept per <see cref="Tenants.Version"/>: a device request does not walk every tenant.</summary>
    public IEnumerable<DeviceType> RuledDeviceTypes
    {
        get
        {
            var ruled = Volatile.Read(ref _ruled);
            var current = tenants.Version;
            if (ruled.Version != current)
            {
                ruled = new Ruled(current, [.. tenants.All.Select(t => t.Datastore.Running).Prepend(tenants.Host.Running)
                    .SelectMany(c => ConfigurationMapper.Map(c).DeviceTypes.Values).Where(t => t.SerialNumberRule is not null)]);
                Volatile.Write(ref _ruled, ruled);
            }
            return ruled.Types;
        }
    }

    private sealed record Ruled(int Version, IReadOnlyList<DeviceType> Types);

    public async Task<(StoredRow Row, DeviceScope Scope)?> FindAsync(string serialNumber, CancellationToken ct = default)
    {
        foreach (var (listPath, row) in await store.FindRowsByKeysAsync([serialNumber], ct).ConfigureAwait(false))
        {
            if (listPath == devicesPath)
            {
                return (row, new DeviceScope(ConfigurationMapper.Map(tenants.Host.Running), store, devicesPath));
            }
            if (TenantNames.Of(listPath) is { } name && tenants.Find(name) is { } tenant && listPath == TenantNames.Prefix(name) + devicesPath)
            {
                return (row, new DeviceScope(ConfigurationMapper.Map(tenant.Datastore.Running), tenant.Store, devicesPath, name));
            }
        }
        return null;
    }
}
