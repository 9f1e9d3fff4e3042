using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Device;
using Sztpd.DeviceSimulator.Storm;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary><c>sztp-device storm</c>: many devices of a demo PKI at once; a summary, then one JSON line.</summary>
public sealed class StormCommand : ICommand
{
    private static readonly string[] Options = ["--bootstrap-url", "--pki", "--devices", "--concurrency", "--warmup", "--password", "--timeout", "--keepalive"];
    private static readonly string[] Flags = ["--xml", "--signed-data-preferred", "--verbose-reports"];

    public string Name => "storm";

    public string Usage => "storm --bootstrap-url URL --pki DIR [--devices N] [--concurrency C] [--warmup N] [--keepalive K] [--password P] [--xml] [--signed-data-preferred] [--verbose-reports] [--timeout SECONDS]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var cl = CommandLine.Parse(args, Options, Flags);
        var uri = DeviceArguments.HttpsUrl(cl.Require("--bootstrap-url"));
        var source = BootstrapSource.Servers(uri);
        // the kept-alive load sends the same plain get-bootstrapping-data on every connection, with no warm-up
        cl.Conflicts("--keepalive", "--warmup", "--signed-data-preferred", "--verbose-reports");
        var pki = cl.Require("--pki");
        var folders = Directory.Exists(Path.Combine(pki, "devices"))
            ? Directory.GetDirectories(Path.Combine(pki, "devices")).Order(StringComparer.Ordinal).ToList()
            : throw new CommandLineException($"{pki} has no devices folder; create it with \"sztp-device pki demo\".");
        var count = cl.GetInt("--devices", folders.Count);
        var concurrency = cl.GetInt("--concurrency", 10);
        var warmup = cl.GetInt("--warmup", 0, min: 0);
        if (folders.Count == 0)
        {
            throw new CommandLineException($"{pki}/devices holds no device.");
        }

        var keepAlive = cl.IsGiven("--keepalive");
        var requestsPerConnection = cl.GetInt("--keepalive", 1);
        if (keepAlive && !uri.AbsolutePath.Contains("/operations/", StringComparison.Ordinal))
        {
            throw new CommandLineException("--keepalive needs the RPC URL (…/restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data).");
        }

        // kept alive, each of the C connections is one device
        var devices = Load(cl, pki, folders.Take(keepAlive ? Math.Min(count, concurrency) : count).ToList());
        try
        {
            if (count > folders.Count)
            {
                await stderr.WriteLineAsync($"Only {folders.Count} device identities in {pki}: they are reused.").ConfigureAwait(false);
            }

            if (keepAlive)
            {
                var kept = await KeepAliveRunner.RunAsync(devices, uri, concurrency, requestsPerConnection, cancellationToken).ConfigureAwait(false);
                await stdout.WriteLineAsync($"{kept["requests"]} get-bootstrapping-data on {concurrency} kept-alive connections: {kept["requests_per_second"]} requests/s, "
                    + $"p50 {kept["p50_ms"]} ms, p99 {kept["p99_ms"]} ms, errors {kept["errors"]}").ConfigureAwait(false);
                await stdout.WriteLineAsync(kept.ToJsonString()).ConfigureAwait(false);
                return (int)kept["errors"]! == 0 ? 0 : 1;
            }

            if (warmup > 0)
            {
                var warm = await StormRunner.RunAsync(devices, [source], warmup, concurrency, cancellationToken).ConfigureAwait(false);
                await stderr.WriteLineAsync($"Warm-up: {warm.Completed}/{warmup} devices completed.").ConfigureAwait(false);
            }

            var result = await StormRunner.RunAsync(devices, [source], count, concurrency, cancellationToken).ConfigureAwait(false);
            var json = result.ToJson();
            await WriteTableAsync(stdout, json).ConfigureAwait(false);
            await stdout.WriteLineAsync(json.ToJsonString()).ConfigureAwait(false);
            return result.Errors == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var d in devices)
            {
                d.Credentials.Dispose();
            }
        }
    }

    /// <summary>One device per folder, sharing the PKI's trust anchors; on a failure, the credentials read so far are disposed.</summary>
    private static List<DeviceOptions> Load(CommandLine cl, string pki, List<string> folders)
    {
        X509Certificate2Collection Anchors(string name) =>
            DeviceArguments.Certificates(File.Exists(Path.Combine(pki, name)) ? [Path.Combine(pki, name)] : []);

        var (serverAnchors, voucherAnchors) = (Anchors("server-ca.pem"), Anchors("voucher-signer-ca.pem"));
        var (xml, signedDataPreferred, verboseReports) = (cl.Has("--xml"), cl.Has("--signed-data-preferred"), cl.Has("--verbose-reports"));
        var timeout = TimeSpan.FromSeconds(cl.GetInt("--timeout", 30));
        var password = cl.Get("--password");
        var devices = new List<DeviceOptions>(folders.Count);
        try
        {
            foreach (var folder in folders)
            {
                devices.Add(new DeviceOptions
                {
                    Credentials = DeviceCredentials.FromPem(Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem"), password),
                    BootstrapServerTrustAnchors = serverAnchors,
                    VoucherTrustAnchors = voucherAnchors,
                    Xml = xml,
                    SignedDataPreferred = signedDataPreferred,
                    VerboseReports = verboseReports,
                    Download = false,
                    RequestTimeout = timeout,
                });
            }

            return devices;
        }
        catch
        {
            devices.ForEach(d => d.Credentials.Dispose());
            throw;
        }
    }

    private static async Task WriteTableAsync(TextWriter stdout, JsonObject json)
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
    }
}
