using System.Text.Json.Nodes;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>What <c>storm</c> prints: a human-readable summary, then the result as one JSON line.</summary>
internal static class StormReport
{
    /// <summary>The table of a run on new connections, then its JSON line.</summary>
    public static async Task WriteAsync(TextWriter stdout, JsonObject json)
    {
        await stdout.WriteLineAsync($"devices {json["devices"]}, completed {json["completed"]}, errors {json["errors"]} {json["errors_by_kind"]!.ToJsonString()}, "
            + $"concurrency {json["concurrency"]}, {json["elapsed_s"]} s, {json["devices_per_second"]} devices/s").ConfigureAwait(false);
        await stdout.WriteLineAsync($"{"flow / rpc",-24} {"count",7} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"{"whole device",-24} {json["completed"],7} {json["p50_ms"],9} {json["p95_ms"],9} {json["p99_ms"],9}").ConfigureAwait(false);
        foreach (var (rpc, value) in json["rpcs"]!.AsObject())
        {
            await stdout.WriteLineAsync($"{rpc,-24} {value!["count"],7} {value["p50_ms"],9} {value["p95_ms"],9} {value["p99_ms"],9}").ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"client CPU {json["client_cpu_s"]} s ({json["client_cpu_ms_per_device"]} ms per device, {json["client_cores_busy"]} cores busy)").ConfigureAwait(false);
        await stdout.WriteLineAsync(json.ToJsonString()).ConfigureAwait(false);
    }

    /// <summary>The one-line summary of a kept-alive run, then its JSON line.</summary>
    public static async Task WriteKeepAliveAsync(TextWriter stdout, JsonObject json, int concurrency)
    {
        await stdout.WriteLineAsync($"{json["requests"]} get-bootstrapping-data on {concurrency} kept-alive connections: {json["requests_per_second"]} requests/s, "
            + $"p50 {json["p50_ms"]} ms, p99 {json["p99_ms"]} ms, errors {json["errors"]}").ConfigureAwait(false);
        await stdout.WriteLineAsync(json.ToJsonString()).ConfigureAwait(false);
    }
}
