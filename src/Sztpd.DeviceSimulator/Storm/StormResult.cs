using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Storm;

/// <summary>What a storm measured: throughput, latency percentiles per device and per RPC, errors by kind, client CPU.</summary>
public sealed record StormResult(IReadOnlyList<BootstrapResult> Devices, int Concurrency, double ElapsedSeconds, double ClientCpuSeconds)
{
    public int Completed => Devices.Count(d => d.Completed);

    public int Errors => Devices.Count - Completed;

    public double DevicesPerSecond => ElapsedSeconds > 0 ? Completed / ElapsedSeconds : 0;

    /// <summary>The result as one JSON object (the storm command's last line).</summary>
    public JsonObject ToJson()
    {
        var flows = Devices.Where(d => d.Completed).Select(d => d.ElapsedMs).Order().ToList();
        var rpcs = new JsonObject();
        foreach (var group in Devices.SelectMany(d => d.Rpcs).GroupBy(r => r.Rpc).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var times = group.Select(r => r.ElapsedMs).Order().ToList();
            rpcs[group.Key] = new JsonObject
            {
                ["count"] = times.Count,
                ["p50_ms"] = Round(Percentiles.Of(times, 50)),
                ["p95_ms"] = Round(Percentiles.Of(times, 95)),
                ["p99_ms"] = Round(Percentiles.Of(times, 99)),
                ["max_ms"] = Round(times.Count == 0 ? 0 : times[^1]),
            };
        }

        var kinds = new JsonObject();
        foreach (var group in Devices.Where(d => !d.Completed).GroupBy(d => d.ErrorKind ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            kinds[group.Key] = group.Count();
        }

        return new JsonObject
        {
            ["devices"] = Devices.Count,
            ["completed"] = Completed,
            ["errors"] = Errors,
            ["errors_by_kind"] = kinds,
            ["first_error"] = Devices.FirstOrDefault(d => !d.Completed)?.Error,
            ["concurrency"] = Concurrency,
            ["elapsed_s"] = Round(ElapsedSeconds),
            ["devices_per_second"] = Round(DevicesPerSecond),
            ["p50_ms"] = Round(Percentiles.Of(flows, 50)),
            ["p95_ms"] = Round(Percentiles.Of(flows, 95)),
            ["p99_ms"] = Round(Percentiles.Of(flows, 99)),
            ["rpcs"] = rpcs,
            ["client_cpu_s"] = Round(ClientCpuSeconds),
            ["client_cpu_ms_per_device"] = Devices.Count == 0 ? 0 : Round(ClientCpuSeconds * 1000 / Devices.Count),
            ["client_cores_busy"] = ElapsedSeconds > 0 ? Round(ClientCpuSeconds / ElapsedSeconds) : 0,
        };
    }

    private static double Round(double value) => Math.Round(value, 2);
}
