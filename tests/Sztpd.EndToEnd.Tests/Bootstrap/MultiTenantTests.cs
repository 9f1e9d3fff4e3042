using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.DemoPki;
using Sztpd.DeviceSimulator.Device;
using Sztpd.Testing;
using Sztpd.Testing.Processes;

namespace Sztpd.EndToEnd.Tests.Bootstrap;

/// <summary>
/// Mode x end to end (docs/multi-tenancy.md), the real <c>sztpd</c> and the device simulator: two tenants, each with
/// its own owner (its own demo PKI: device CA, owner certificate, manufacturer, vouchers), created by the host; their
/// devices bootstrap through one device listener with their own tenant's signed responses; a tenant admin's device
/// refused by the host's ownership check (examples/webhook-receiver.py); a tenant deleted while its devices bootstrap.
/// </summary>
public sealed class MultiTenantTests
{
    private const string Running = "/restconf/ds/ietf-datastores:running";

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/yang-data+json");

    private static HttpClient Client(int port, string user, string password)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    /// <summary>A tenant's entry from its demo's running.json (mounted, module-qualified): everything but the transport and the admin, which is its own.</summary>
    private static JsonObject Entry(string name, string demo)
    {
        var running = JsonNode.Parse(File.ReadAllText(Path.Combine(demo, "running.json")))!.AsObject();
        var entry = new JsonObject { ["name"] = name };
        foreach (var (member, value) in running.Where(m => m.Key is not ("wn-sztpd-1:transport" or "wn-sztpd-1:admin-accounts")))
        {
            entry[member] = value!.DeepClone();
        }
        entry["wn-sztpd-1:admin-accounts"] = JsonNode.Parse($$"""{"admin-account": [{"email-address": "admin@{{name}}.example.com", "password": "$0${{name}}-secret", "access": "unrestricted"}]}""");
        return entry;
    }

    private static DeviceOptions Device(string hostDemo, string demo, string serial) => new()
    {
        Credentials = DeviceCredentials.FromPem(Path.Combine(demo, "devices", serial, "cert.pem"), Path.Combine(demo, "devices", serial, "key.pem"), null),
        BootstrapServerTrustAnchors = Certificates(Path.Combine(hostDemo, "server-ca.pem")),
        VoucherTrustAnchors = Certificates(Path.Combine(demo, "voucher-signer-ca.pem")),
        Download = false,
    };

    private static System.Security.Cryptography.X509Certificates.X509Certificate2Collection Certificates(string pem)
    {
        var all = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        all.ImportFromPemFile(pem);
        return all;
    }

    [Fact]
    public async Task TwoTenants_EachSignedByItsOwnOwner_OneRefusedByTheHostsCheck_OneDeletedWhileBootstrapping()
    {
        using var dir = new TempDirectory("sztp-e2e-x");
        var (nbi, sbi, tenantPort, owners) = (SztpdProcess.FreePort(), SztpdProcess.FreePort(), SztpdProcess.FreePort(), SztpdProcess.FreePort());
        string Demo(string name, bool signed, int devices)
        {
            var folder = dir.Combine(name);
            DemoPkiWriter.Write(new DemoPkiOptions { Devices = devices, OutputDirectory = folder, Signed = signed, SerialPrefix = name + "-", NbiPort = nbi, SbiPort = sbi });
            return folder;
        }
        var (hostDemo, alphaDemo, betaDemo) = (Demo("host", false, 1), Demo("alpha", true, 2), Demo("beta", true, 2));
        using var receiver = await ScriptProcess.StartAsync("python3", "python3 is not installed.", Path.Combine(TestData.RepositoryRoot, "examples", "webhook-receiver.py"),
            "--port", owners.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var host = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(hostDemo, "running.json")))!.AsObject();
        host.Remove("wn-sztpd-1:devices");
        host["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(JsonNode.Parse($$"""
            {"name": "tenants", "use-for": "wn-app:tenant-interface", "http": {"tcp-server-parameters": {"local-address": "127.0.0.1", "local-port": {{tenantPort}} } } }
            """));
        host["wn-sztpd-1:dynamic-callouts"] = JsonNode.Parse($$"""
            {"dynamic-callout": [{"name": "owners", "rpc-supported": "wn-sztpd-rpcs:verify-device-ownership",
              "webhooks": {"webhook": [{"name": "registry", "http": {"tcp-client-parameters": {"remote-address": "127.0.0.1", "remote-port": {{owners}} } } }]} }]}
            """);
        host["wn-sztpd-1:preferences"] = JsonNode.Parse("""{"wn-sztpd-x:device-ownership-verification": {"dynamic-callout": "owners"}}""");
        await using var sztpd = await SztpdProcess.StartAsync("sqlite:///:memory:", env: new Dictionary<string, string?> { ["SZTPD_INIT_MODE"] = "x" });
        using (var put = await sztpd.Client.PutAsync(Running, Json(host)))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
        await sztpd.WaitForOutputAsync($"listeners restarted: http://127.0.0.1:{nbi} ");
        using var hostAdmin = Client(nbi, "admin@example.com", "admin-secret");
        foreach (var (name, demo) in new[] { ("alpha", alphaDemo), ("beta", betaDemo) })
        {
            using var created = await hostAdmin.PostAsync($"{Running}/wn-sztpd-x:tenants", Json(new JsonObject { ["wn-sztpd-x:tenant"] = new JsonArray(Entry(name, demo)) }));
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        // Each tenant's device: its own tenant's signed onboarding; with the other owner's manufacturer anchor it fails.
        var alphaResult = await new SztpDevice(Device(hostDemo, alphaDemo, "alpha-0001")).RunAsync([BootstrapSource.Servers(new Uri($"https://127.0.0.1:{sbi}"))]);
        var betaResult = await new SztpDevice(Device(hostDemo, betaDemo, "beta-0001")).RunAsync([BootstrapSource.Servers(new Uri($"https://127.0.0.1:{sbi}"))]);
        var crossed = await new SztpDevice(Device(hostDemo, betaDemo, "beta-0002") with { VoucherTrustAnchors = Certificates(Path.Combine(alphaDemo, "voucher-signer-ca.pem")) })
            .RunAsync([BootstrapSource.Servers(new Uri($"https://127.0.0.1:{sbi}"))]);
        Assert.True(alphaResult.Completed && alphaResult.Signed, alphaResult.ToJson().ToJsonString());
        Assert.True(betaResult.Completed && betaResult.Signed, betaResult.ToJson().ToJsonString());
        Assert.Equal("verification", crossed.ErrorKind);

        // Beta's admin, on the tenant interface, adds a device the host's registry refuses: nothing is created.
        using var betaAdmin = Client(tenantPort, "admin@beta.example.com", "beta-secret");
        var type = (string)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(betaDemo, "running.json")))!["wn-sztpd-1:devices"]!["device"]![0]!["device-type"]!;
        using var stolen = await betaAdmin.PostAsync($"{Running}/wn-sztpd-1:devices",
            Json(JsonNode.Parse($$"""{"wn-sztpd-1:device": [{"serial-number": "stolen-1", "device-type": "{{type}}"}]}""")!));
        using var notCreated = await betaAdmin.GetAsync($"{Running}/wn-sztpd-1:devices/device=stolen-1");
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Contains("Unable to verify ownership for device: stolen-1", await stolen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notCreated.StatusCode);

        // Alpha deleted while its device keeps bootstrapping: every run completes or is refused (401), none fails otherwise.
        var deleted = false;
        var results = new System.Collections.Concurrent.ConcurrentQueue<(BootstrapResult Result, bool After)>();
        var load = Task.Run(async () =>
        {
            var after = false;
            while (!after)
            {
                after = Volatile.Read(ref deleted);
                results.Enqueue((await new SztpDevice(Device(hostDemo, alphaDemo, "alpha-0002")).RunAsync([BootstrapSource.Servers(new Uri($"https://127.0.0.1:{sbi}"))]), after));
            }
        });
        using (var delete = await hostAdmin.DeleteAsync($"{Running}/wn-sztpd-x:tenants/tenant=alpha"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        Volatile.Write(ref deleted, true);
        await load;
        Assert.All(results, r => Assert.True(r.Result.Completed || r.Result.ErrorKind == "http-401", r.Result.ToJson().ToJsonString()));
        Assert.All(results.Where(r => r.After), r => Assert.Equal("http-401", r.Result.ErrorKind));
        var gone = await new SztpDevice(Device(hostDemo, alphaDemo, "alpha-0001")).RunAsync([BootstrapSource.Servers(new Uri($"https://127.0.0.1:{sbi}"))]);
        Assert.Equal("http-401", gone.ErrorKind);
        var stillBeta = await new SztpDevice(Device(hostDemo, betaDemo, "beta-0001")).RunAsync([BootstrapSource.Servers(new Uri($"https://127.0.0.1:{sbi}"))]);
        Assert.True(stillBeta.Completed, stillBeta.ToJson().ToJsonString());
    }
}
