using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Storm;

/// <summary>
/// Drives many simulated devices through the full bootstrap flow at a fixed concurrency, each device with its own
/// IDevID and its own new TLS connection, and measures the storm.
/// </summary>
public static class StormRunner
{
    /// <summary>
    /// Bootstraps <paramref name="count"/> devices (cycling through <paramref name="devices"/>) from <paramref name="sources"/>,
    /// as fast as <paramref name="concurrency"/> allows or, with <paramref name="rate"/>, that many devices a second.
    /// </summary>
    public static async Task<StormResult> RunAsync(
        IReadOnlyList<DeviceOptions> devices, IReadOnlyList<BootstrapSource> sources, int count, int concurrency, CancellationToken cancellationToken, double? rate = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentOutOfRangeException.ThrowIfZero(devices.Count);
        var results = new BootstrapResult[count];
        // A device has its TLS identity ready when it boots: made here, not timed with the storm.
        foreach (var device in devices)
        {
            _ = device.Credentials.TlsContext;
        }
        var (elapsed, cpu) = await LoadTimer.RunAsync(count, concurrency,
            async (i, token) => results[i] = await new SztpDevice(devices[i % devices.Count]).RunAsync(sources, token).ConfigureAwait(false),
            cancellationToken, rate).ConfigureAwait(false);
        return new StormResult(results, concurrency, elapsed, cpu);
    }
}
