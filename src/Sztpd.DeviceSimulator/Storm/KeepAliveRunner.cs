using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Storm;

/// <summary>
/// The kept-alive load: each of <c>connections</c> devices opens one TLS connection and sends get-bootstrapping-data
/// <c>requests</c> times on it, one after the other. It measures the request path without the TLS handshake.
/// </summary>
public static class KeepAliveRunner
{
    public static async Task<JsonObject> RunAsync(IReadOnlyList<DeviceOptions> devices, Uri rpcUrl, int connections, int requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(rpcUrl);
        var timings = new List<RpcTiming>[connections];
        var (elapsed, cpu) = await LoadTimer.RunAsync(connections, connections,
            async (i, token) => timings[i] = await OneConnectionAsync(devices[i % devices.Count], rpcUrl, requests, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        var all = timings.SelectMany(t => t).ToList();
        var ok = all.Where(t => t.Status == 200).Select(t => t.ElapsedMs).Order().ToList();
        return new JsonObject
        {
            ["mode"] = "keepalive",
            ["connections"] = connections,
            ["requests"] = all.Count,
            ["completed"] = ok.Count,
            ["errors"] = all.Count - ok.Count,
            ["elapsed_s"] = Math.Round(elapsed, 2),
            ["requests_per_second"] = Math.Round(elapsed > 0 ? ok.Count / elapsed : 0, 2),
            ["p50_ms"] = Math.Round(Percentiles.Of(ok, 50), 2),
            ["p95_ms"] = Math.Round(Percentiles.Of(ok, 95), 2),
            ["p99_ms"] = Math.Round(Percentiles.Of(ok, 99), 2),
            ["client_cpu_s"] = Math.Round(cpu, 2),
            ["client_cpu_ms_per_request"] = all.Count == 0 ? 0 : Math.Round(cpu * 1000 / all.Count, 3),
        };
    }

    private static async Task<List<RpcTiming>> OneConnectionAsync(DeviceOptions device, Uri rpcUrl, int requests, CancellationToken cancellationToken)
    {
        var timings = new List<RpcTiming>(requests);
        var trust = new ServerTrust(device.BootstrapServerTrustAnchors, required: false);
        using var client = new BootstrapServerClient(new Uri(rpcUrl.GetLeftPart(UriPartial.Authority)), device, trust);
        for (var i = 0; i < requests; i++)
        {
            var input = new JsonObject { ["hw-model"] = device.HwModel, ["os-name"] = device.OsName, ["os-version"] = device.OsVersion };
            try
            {
                await client.PostAsync(rpcUrl.AbsolutePath, "get-bootstrapping-data", input, timings, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Recorded as status 0 by PostAsync; the next request opens a new connection.
            }
        }

        return timings;
    }
}
