using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Opi;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Tenancy;

/// <summary>
/// sztpd in mode x, in the test process: the host holds the opi configuration without devices (its native and device
/// listeners, the device CA, the opi admin) plus a tenant-interface listener; tenants are made from the same opi tree,
/// each with its own admin (<c>admin@NAME.example.com</c>) and its own devices.
/// </summary>
internal sealed class TenancyServer : IAsyncDisposable
{
    public const string TenantPassword = "tenant-secret";

    private TenancyServer(InProcessSztpd process, OpiPki pki, JsonObject opi, int nbi, int sbi, int tenantPort)
    {
        (Process, Pki, _opi, NbiPort, SbiPort, TenantPort) = (process, pki, opi, nbi, sbi, tenantPort);
        Host = Client(nbi, OpiTemplate.AdminEmail, OpiTemplate.AdminPassword);
    }

    private readonly JsonObject _opi;

    public InProcessSztpd Process { get; }
    public OpiPki Pki { get; }
    public int NbiPort { get; }
    public int SbiPort { get; }
    public int TenantPort { get; }

    /// <summary>The host's unrestricted admin on the native interface.</summary>
    public HttpClient Host { get; }

    public static async Task<TenancyServer> StartAsync(Action<JsonObject>? editHost = null)
    {
        var pki = new OpiPki(DateTimeOffset.UtcNow);
        var (nbi, sbi, tenantPort) = (SztpdProcess.FreePort(), SztpdProcess.FreePort(), SztpdProcess.FreePort());
        var opi = JsonNode.Parse(OpiTemplate.Running(pki, nbi, sbi))!.AsObject();
        var host = (JsonObject)opi.DeepClone();
        host.Remove("wn-sztpd-1:devices");
        host["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(JsonNode.Parse($$"""
            {"name": "tenants", "use-for": "wn-app:tenant-interface", "http": {"tcp-server-parameters": {"local-address": "127.0.0.1", "local-port": {{tenantPort}} } } }
            """));
        editHost?.Invoke(host);
        var process = await InProcessSztpd.StartAsync(mode: "x");
        using var put = await process.Client.PutAsync(Running, Json(host));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        await process.WaitForOutputAsync($"listeners restarted: http://127.0.0.1:{nbi} ");
        return new TenancyServer(process, pki, opi, nbi, sbi, tenantPort);
    }

    /// <summary>
    /// Tenant <paramref name="name"/>'s entry as the host writes it: its name, then (mounted, module-qualified) the opi
    /// tree without transport, keystore and the other devices, with its own admin.
    /// </summary>
    public JsonObject Entry(string name, params string[] serials)
    {
        var entry = new JsonObject { ["name"] = name };
        foreach (var (member, value) in _opi.Where(m => m.Key is not ("wn-sztpd-1:transport" or "wn-sztpd-1:keystore")))
        {
            entry[member] = value!.DeepClone();
        }
        entry["wn-sztpd-1:admin-accounts"] = JsonNode.Parse($$"""{"admin-account": [{"email-address": "{{Admin(name)}}", "password": "$0${{TenantPassword}}", "access": "unrestricted"}]}""");
        var devices = entry["wn-sztpd-1:devices"]!["device"]!.AsArray();
        foreach (var device in devices.Where(d => !serials.Contains((string?)d!["serial-number"])).ToList())
        {
            devices.Remove(device);
        }
        return entry;
    }

    public static string Admin(string tenant) => $"admin@{tenant}.example.com";

    /// <summary>Creates a tenant with <see cref="Entry"/> through the host's <c>/wn-sztpd-x:tenants</c>.</summary>
    public async Task<HttpResponseMessage> CreateTenantAsync(JsonObject entry) =>
        await Host.PostAsync($"{Running}/wn-sztpd-x:tenants", Json(new JsonObject { ["wn-sztpd-x:tenant"] = new JsonArray(entry) }));

    /// <summary>Tenant <paramref name="name"/>'s admin on the tenant interface.</summary>
    public HttpClient TenantAdmin(string name) => Client(TenantPort, Admin(name), TenantPassword);

    public static HttpClient Client(int port, string user, string password)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(user, password);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/yang-data+json"));
        return client;
    }

    /// <summary>The opi device <paramref name="serial"/> on the device listener, with its IDevID and activation code.</summary>
    public HttpClient Device(string serial)
    {
        var client = Tls.HttpsClient(SbiPort, [Pki.SbiRoot.Certificate, Pki.SbiIntermediate1.Certificate], Pki.Devices[serial].ToTlsCertificate());
        client.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(serial, OpiTemplate.ActivationCode);
        return client;
    }

    /// <summary>The opi device <paramref name="serial"/> presenting its IDevID alone (no Basic credentials).</summary>
    public HttpClient CertificateOnly(string serial) =>
        Tls.HttpsClient(SbiPort, [Pki.SbiRoot.Certificate, Pki.SbiIntermediate1.Certificate], Pki.Devices[serial].ToTlsCertificate());

    /// <summary>Device <paramref name="serial"/>'s bootstrapping log, read by tenant <paramref name="tenant"/>'s admin once the logs settled.</summary>
    public async Task<JsonArray> BootstrappingLogAsync(string tenant, string serial)
    {
        using var admin = TenantAdmin(tenant);
        await Process.LogsSettledAsync();
        var text = await admin.GetStringAsync($"{Operational}/wn-sztpd-1:devices/device={serial}/bootstrapping-log");
        return JsonNode.Parse(text)!["wn-sztpd-1:bootstrapping-log"]!["log-entry"]!.AsArray();
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Process.DisposeAsync();
        Pki.Dispose();
    }
}
