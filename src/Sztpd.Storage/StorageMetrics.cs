using System.Diagnostics.Metrics;

namespace Sztpd.Storage;

/// <summary>
/// The store's instruments (System.Diagnostics.Metrics; <c>sztpd</c> exports them on <c>/metrics</c>, docs/configuration.md,
/// "Health and metrics"). Process-wide, like any <see cref="Meter"/>: every store of the process records here.
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "Sztpd.Storage";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Writes per committed group-commit transaction; its count is the number of such commits, its sum the writes they held.</summary>
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram(
        "sztpd.group_commit.batch_size", unit: "{write}", description: "Device-request writes committed together in one group-commit transaction.",
        tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    internal static void BatchCommitted(int writes) => BatchSize.Record(writes);
}
