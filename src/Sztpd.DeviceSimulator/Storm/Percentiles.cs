namespace Sztpd.DeviceSimulator.Storm;

/// <summary>Nearest-rank percentiles of a set of latencies.</summary>
public static class Percentiles
{
    /// <summary>The <paramref name="percent"/>th percentile of <paramref name="sorted"/> (ascending); 0 when empty.</summary>
    public static double Of(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
