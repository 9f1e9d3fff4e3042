using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.DemoPki;
using Sztpd.DeviceSimulator.Device;
using Sztpd.Testing;
using Sztpd.Testing.Processes;

namespace Sztpd.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real sztpd process configured with the running.json of <c>sztp-device pki demo</c> (written to a temporary
/// directory, optionally edited before the PUT), on free loopback ports.
/// </summary>
public sealed class DemoServer : IAsyncDisposable
{
    private DemoServer(SztpdProcess process, TempDirectory dir, DemoPkiOptions options)
    {
        Process = process;
        Dir = dir;
        Options = options;
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.NbiPort}") };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AdminEmail}:{options.AdminPassword}")));
    }

    public SztpdProcess Process { get; }
    public TempDirectory Dir { get; }
    public DemoPkiOptions Options { get; }
    public HttpClient Admin { get; }

    /// <summary>The bootstrap server's URI as DHCP would give it (host-meta finds the RESTCONF root).</summary>
    public Uri SbiUri => new($"https://127.0.0.1:{Options.SbiPort}");

    public string Serial(int index) => Options.Serial(index);

    /// <summary>Writes a demo for <paramref name="devices"/> devices, starts sztpd and PUTs the configuration (after <paramref name="edit"/>).</summary>
    public static async Task<DemoServer> StartAsync(int devices = 3, bool signed = false, Action<JsonObject, DemoServerFiles>? edit = null, string? devicePassword = null,
        bool rsaServerKey = false, DeviceProfile profile = DeviceProfile.Generic, bool csr = false)
    {
        var dir = new TempDirectory("sztp-e2e");
        var options = new DemoPkiOptions
        {
            Devices = devices,
            OutputDirectory = dir.Path,
            Signed = signed,
            Csr = csr,
            DevicePassword = devicePassword,
            RsaServerKey = rsaServerKey,
            Profile = profile,
            NbiPort = SztpdProcess.FreePort(),
            SbiPort = SztpdProcess.FreePort(),
        };
        DemoPkiWriter.Write(options);
        var config = JsonNode.Parse(File.ReadAllText(dir.Combine("running.json")))!.AsObject();
        edit?.Invoke(config, new DemoServerFiles(dir.Path));
        var process = await SztpdProcess.StartAsync("sqlite:///:memory:").ConfigureAwait(false);
        using var put = await process.Client.PutAsync("/restconf/ds/ietf-datastores:running",
            new StringContent(config.ToJsonString(), Encoding.UTF8, "application/yang-data+json")).ConfigureAwait(false);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync().ConfigureAwait(false));
        await process.WaitForOutputAsync($"listeners restarted: http://127.0.0.1:{options.NbiPort} ").ConfigureAwait(false);
        return new DemoServer(process, dir, options);
    }

    /// <summary>The demo device <paramref name="index"/> with the server CA (and, if signed, the voucher signer CA) as its trust anchors.</summary>
    public DeviceOptions Device(int index, bool trustServer = true, Action<BootstrapStep>? onStep = null)
    {
        var files = new DemoServerFiles(Dir.Path);
        var folder = Dir.Combine($"devices/{Serial(index)}");
        return new DeviceOptions
        {
            Credentials = DeviceCredentials.FromPem(Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem"), Options.DevicePassword),
            BootstrapServerTrustAnchors = trustServer ? files.Certificates("server-ca.pem") : [],
            VoucherTrustAnchors = files.Certificates("voucher-signer-ca.pem"),
            OnStep = onStep,
        };
    }

    public async Task<JsonArray> BootstrappingLogAsync(string serial)
    {
        var text = await Admin.GetStringAsync($"/restconf/ds/ietf-datastores:operational/wn-sztpd-1:devices/device={serial}/bootstrapping-log").ConfigureAwait(false);
        return JsonNode.Parse(text)!["wn-sztpd-1:bootstrapping-log"]!["log-entry"]!.AsArray();
    }

    /// <summary>The progress types the server logged for <paramref name="serial"/>, in order.</summary>
    public async Task<List<string>> ProgressTypesAsync(string serial) =>
        [.. (await BootstrappingLogAsync(serial).ConfigureAwait(false))
            .Select(e => (string?)e!["event-details"]?["report-progress-event"]?["passed-input"]?["progress-type"])
            .OfType<string>()];

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Process.DisposeAsync().ConfigureAwait(false);
        Dir.Dispose();
    }
}

/// <summary>Reads files of a demo directory.</summary>
public sealed record DemoServerFiles(string Root)
{
    public X509Certificate2Collection Certificates(string name)
    {
        var all = new X509Certificate2Collection();
        if (File.Exists(Path.Combine(Root, name)))
        {
            all.ImportFromPemFile(Path.Combine(Root, name));
        }

        return all;
    }
}
