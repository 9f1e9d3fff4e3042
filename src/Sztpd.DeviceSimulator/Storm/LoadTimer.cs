using System.Diagnostics;

namespace Sztpd.DeviceSimulator.Storm;

/// <summary>
/// Runs <c>count</c> jobs with at most <c>concurrency</c> at a time and measures the wall time and this process's CPU
/// time. With a rate, job <c>i</c> starts no earlier than <c>i / rate</c> seconds after the first: a steady arrival of
/// devices, so that servers compared at one rate do the same work per second (a server's CPU per device depends on how
/// busy it is).
/// </summary>
internal static class LoadTimer
{
    public static async Task<(double ElapsedSeconds, double CpuSeconds)> RunAsync(
        int count, int concurrency, Func<int, CancellationToken, ValueTask> job, CancellationToken cancellationToken, double? rate = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = time.GetTimestamp();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                if (rate is { } perSecond && TimeSpan.FromSeconds(i / perSecond) - time.GetElapsedTime(started) is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, time, token).ConfigureAwait(false);
                }
                await job(i, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        return (elapsed, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }
}
