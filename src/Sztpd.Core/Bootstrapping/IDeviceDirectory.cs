using Sztpd.Core.Configuration;
using Sztpd.Core.Storage;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// Where a device's configuration lives: the one datastore of mode 1, or in mode x the host's and every tenant's
/// (docs/multi-tenancy.md: the device does not know its tenant; a serial number belongs to one tenant at most).
/// </summary>
public interface IDeviceDirectory
{
    /// <summary>The device types with a serial-number rule (of every configuration): each may name a device that presents a certificate.</summary>
    IEnumerable<DeviceType> RuledDeviceTypes { get; }

    /// <summary>The device configured with <paramref name="serialNumber"/> and its scope, or null (one indexed read).</summary>
    Task<(StoredRow Row, DeviceScope Scope)?> FindAsync(string serialNumber, CancellationToken ct = default);
}

/// <summary>Where a device belongs: the configuration it is served from, the store its statistics and logs go to, its tenant (null: the host's).</summary>
public sealed record DeviceScope(RunningConfiguration Config, IDataStore Store, string DevicesPath, string? Tenant = null);

/// <summary>Mode 1: every device is in one datastore.</summary>
public sealed class SingleDeviceDirectory(IDataStore store, string devicesPath, Func<RunningConfiguration> config) : IDeviceDirectory
{
    public IEnumerable<DeviceType> RuledDeviceTypes => config().DeviceTypes.Values.Where(t => t.SerialNumberRule is not null);

    public async Task<(StoredRow Row, DeviceScope Scope)?> FindAsync(string serialNumber, CancellationToken ct = default) =>
        await store.GetRowAsync(devicesPath, serialNumber, ct).ConfigureAwait(false) is { } row ? (row, new DeviceScope(config(), store, devicesPath)) : null;
}
