using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Reliability;

/// <summary>
/// kill -9 of a real sztpd process under load, then a restart on the same database: nothing acknowledged is missing,
/// nothing is half done (issue 15: 1 of 6,255 answered device requests was missing from the bootstrapping log).
/// </summary>
public sealed class KillTests(ITestOutputHelper output)
{
    internal const int Clients = 8;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task KillDuringConcurrentEdits_LosesNoAcknowledgedEdit_AndLeavesNoPartialOne(string kind)
    {
        using var dir = new TempDirectory();
        var url = Databases.NewUrl(kind, dir.Path);
        var env = KeyFileEnvironment(dir);
        var acknowledged = new ConcurrentBag<int>();
        int nbi;
        await using (var first = await StartConfiguredAsync(url, env))
        {
            nbi = first.Port;
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                using var client = AdminClient(first.Port);
                for (var batch = c; !stop.IsCancellationRequested; batch += Clients)
                {
                    // One PATCH of five devices: all of them, or none, may exist after the crash.
                    var devices = new JsonArray([.. Enumerable.Range(0, 5).Select(i => (JsonNode)Device($"b{batch}-{i}"))]);
                    try
                    {
                        using var r = await client.SendAsync(Patch(Running + "/wn-sztpd-1:devices", new JsonObject { ["wn-sztpd-1:devices"] = new JsonObject { ["device"] = devices } }));
                        if (r.StatusCode == HttpStatusCode.NoContent)
                        {
                            acknowledged.Add(batch);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server is gone
                    }
                }
            })).ToList();
            while (acknowledged.Count < 40)
            {
                await Task.WhenAny(Task.WhenAll(writers), Task.Delay(10));
            }
            await first.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using var second = await SztpdProcess.StartAsync(url, nbi, Restart(env));
        second.UseBasic(Admin, Password);
        var stored = (await ReadJsonAsync(await second.Client.GetAsync(Running + "/wn-sztpd-1:devices")))["wn-sztpd-1:devices"]!["device"]!.AsArray()
            .Select(d => (string)d!["serial-number"]!).ToHashSet();
        var batches = stored.GroupBy(s => s[..s.IndexOf('-', StringComparison.Ordinal)]).ToList();
        var lost = acknowledged.Count(b => !batches.Any(g => g.Key == $"b{b}"));
        var partial = batches.Count(g => g.Count() != 5);
        output.WriteLine($"{kind}: {acknowledged.Count} edits acknowledged, {batches.Count} stored, {lost} lost, {partial} partial");
        Assert.Equal(0, lost);
        Assert.Equal(0, partial);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task KillDuringADeviceStorm_LosesNoAnsweredRequestFromTheBootstrappingLog(string kind)
    {
        using var dir = new TempDirectory();
        var url = Databases.NewUrl(kind, dir.Path);
        var env = KeyFileEnvironment(dir);
        var sbi = SztpdProcess.FreePort();
        var answered = new ConcurrentBag<(string Serial, string Nonce)>();
        int nbi;
        await using (var first = await StartConfiguredAsync(url, env, sbi))
        {
            nbi = first.Port;
            using var stop = new CancellationTokenSource();
            var devices = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                var serial = $"sn-{c}";
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sbi}") };
                client.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(serial, "");
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var nonce = $"{serial}-{n}";
                    try
                    {
                        using var r = await client.PostAsync(Gbd, Json(new JsonObject { ["ietf-sztp-bootstrap-server:input"] = new JsonObject { ["hw-model"] = nonce } }));
                        if (r.StatusCode == HttpStatusCode.OK)
                        {
                            await r.Content.ReadAsStringAsync();
                            answered.Add((serial, nonce));
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                }
            })).ToList();
            while (answered.Count < 200)
            {
                await Task.WhenAny(Task.WhenAll(devices), Task.Delay(10));
            }
            await first.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(devices);
        }

        await using var second = await SztpdProcess.StartAsync(url, nbi, Restart(env));
        second.UseBasic(Admin, Password);
        var logged = await LoggedNoncesAsync(second.Client);
        var missing = answered.Count(a => !logged.Contains(a.Nonce));
        output.WriteLine($"{kind}: {answered.Count} device requests answered 200, {missing} missing from the bootstrapping log after kill -9");
        Assert.Equal(0, missing);
    }

    /// <summary>sztpd on <paramref name="url"/>, loaded with the minimal configuration (devices sn-0.. without activation codes, and an HTTP device endpoint on <paramref name="sbi"/>).</summary>
    internal static async Task<SztpdProcess> StartConfiguredAsync(string url, IDictionary<string, string?> env, int? sbi = null)
    {
        var p = await SztpdProcess.StartAsync(url, null, env);
        var config = Minimal(p.Port);
        config["wn-sztpd-1:devices"]!["device"]!.AsArray().Clear();
        if (sbi is { } port)
        {
            config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(HttpSbiEndpoint("devices", port));
            config["wn-sztpd-1:bootstrap-servers"] = JsonNode.Parse("""{"bootstrap-server": [{"name": "next", "address": "192.0.2.1"}]}""");
            config["wn-sztpd-1:conveyed-information-responses"] = JsonNode.Parse("""
                {"redirect-information-response": [{"name": "elsewhere", "redirect-information": {"bootstrap-server": ["next"]}}]}
                """);
            foreach (var c in Enumerable.Range(0, Clients))
            {
                var device = Device($"sn-{c}");
                device["response-manager"] = JsonNode.Parse("""{"matched-response": [{"name": "all", "response": {"conveyed-information": {"redirect-information": {"reference": "elsewhere"}}}}]}""");
                config["wn-sztpd-1:devices"]!["device"]!.AsArray().Add(device);
            }
        }
        var mark = p.OutputMark;
        using var put = await p.Client.PutAsync(Running, Json(config));
        Assert.True(put.StatusCode == HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
        await p.WaitForOutputAsync(sbi is null ? "listeners updated" : "listeners restarted", mark);
        return p;
    }

    /// <summary>The <c>hw-model</c> each get-bootstrapping-data request of devices sn-0.. carried, as their bootstrapping logs hold them.</summary>
    internal static async Task<HashSet<string>> LoggedNoncesAsync(HttpClient admin)
    {
        var logged = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < Clients; c++)
        {
            var log = await admin.GetStringAsync($"{Operational}/wn-sztpd-1:devices/device=sn-{c}/bootstrapping-log?limit=10000");
            foreach (var entry in JsonNode.Parse(log)!["wn-sztpd-1:bootstrapping-log"]!["log-entry"]!.AsArray())
            {
                if ((string?)entry!["event-details"]?["get-bootstrapping-data-event"]?["passed-input"]?["hw-model"] is { } nonce)
                {
                    logged.Add(nonce);
                }
            }
        }
        return logged;
    }

    internal static JsonObject Device(string serial) => new() { ["serial-number"] = serial, ["device-type"] = "my-device-type" };

    internal static HttpClient AdminClient(int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(Admin, Password);
        return client;
    }

    internal static Dictionary<string, string?> KeyFileEnvironment(TempDirectory dir) =>
        new() { ["SZTPD_KEY_FILE"] = dir.WriteText("kek", Sztpd.Pki.Keys.KeyRing.NewKeyFileText()) };

    internal static Dictionary<string, string?> Restart(Dictionary<string, string?> env) =>
        new(env) { ["SZTPD_ACCEPT_CONTRACT"] = null, ["SZTPD_INIT_MODE"] = null };
}
