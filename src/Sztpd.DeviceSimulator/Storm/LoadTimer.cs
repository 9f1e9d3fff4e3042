using System.Diagnostics;

namespace Sztpd.DeviceSimulator.Storm;

/// <summary>Runs <c>count</c> jobs with at most <c>concurrency</c> at a time and measures the wall time and this process's CPU time.</summary>
internal static class LoadTimer
{
    public static async Task<(double ElapsedSeconds, double CpuSeconds)> RunAsync(
        int count, int concurrency, Func<int, CancellationToken, ValueTask> job, CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            job).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        return (elapsed, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }
}
