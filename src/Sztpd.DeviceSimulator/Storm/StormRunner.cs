using System.Diagnostics;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Storm;

/// <summary>
/// Drives many simulated devices through the full bootstrap flow at a fixed concurrency, each device with its own
/// IDevID and its own new TLS connection, and measures the storm.
/// </summary>
public static class StormRunner
{
    /// <summary>Bootstraps <paramref name="count"/> devices (cycling through <paramref name="devices"/>) from <paramref name="sources"/>.</summary>
    public static async Task<StormResult> RunAsync(
        IReadOnlyList<DeviceOptions> devices, IReadOnlyList<BootstrapSource> sources, int count, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentOutOfRangeException.ThrowIfZero(devices.Count);
        var results = new BootstrapResult[count];
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await new SztpDevice(devices[i % devices.Count]).RunAsync(sources, token).ConfigureAwait(false)).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        return new StormResult(results, concurrency, elapsed, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }
}
