using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Core.Limits;
using Sztpd.Testing;
using Sztpd.Testing.Opi;
using Sztpd.Testing.Processes;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>sztpd (in the test process) loaded with the opi running configuration (one PUT), its NBI and SBI ports, and clients for both.</summary>
public sealed class OpiServer : IAsyncDisposable
{
    private readonly bool _ownsPki;

    private OpiServer(InProcessSztpd process, OpiPki pki, int nbi, int sbi, bool ownsPki)
    {
        (Process, Pki, NbiPort, SbiPort, _ownsPki) = (process, pki, nbi, sbi, ownsPki);
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{nbi}") };
        Admin.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(OpiTemplate.AdminEmail, OpiTemplate.AdminPassword);
    }

    public InProcessSztpd Process { get; }
    public OpiPki Pki { get; }
    public int NbiPort { get; }
    public int SbiPort { get; }
    public HttpClient Admin { get; }

    /// <summary>Starts sztpd and loads the opi configuration, after <paramref name="edit"/> changed it (e.g. an extra HTTP SBI endpoint).</summary>
    public static Task<OpiServer> StartAsync(Action<JsonObject, OpiPki>? edit = null, string url = "sqlite:///:memory:", InputLimits? limits = null, string? pluginsDirectory = null,
        string? smtpPassword = null) =>
        StartAsync(new OpiPki(DateTimeOffset.UtcNow), (pki, nbi, sbi) => OpiTemplate.Running(pki, nbi, sbi), edit, url, ownsPki: true, limits, pluginsDirectory, smtpPassword);

    /// <summary>
    /// Starts sztpd loaded with <paramref name="template"/> (given the PKI, NBI port and SBI port), e.g. one of the
    /// two servers of the opi redirect flow sharing one PKI; the server disposes <paramref name="pki"/> only when it owns it.
    /// </summary>
    public static async Task<OpiServer> StartAsync(OpiPki pki, Func<OpiPki, int, int, string> template, Action<JsonObject, OpiPki>? edit = null,
        string url = "sqlite:///:memory:", bool ownsPki = false, InputLimits? limits = null, string? pluginsDirectory = null, string? smtpPassword = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        var (nbi, sbi) = (SztpdProcess.FreePort(), SztpdProcess.FreePort());
        var config = JsonNode.Parse(template(pki, nbi, sbi))!.AsObject();
        edit?.Invoke(config, pki);
        var process = await InProcessSztpd.StartAsync(url, limits: limits, pluginsDirectory: pluginsDirectory, smtpPassword: smtpPassword).ConfigureAwait(false);
        using var put = await process.Client.PutAsync(Configs.Running, Configs.Json(config)).ConfigureAwait(false);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync().ConfigureAwait(false));
        await process.WaitForOutputAsync($"listeners restarted: http://127.0.0.1:{nbi} ").ConfigureAwait(false);
        return new OpiServer(process, pki, nbi, sbi, ownsPki);
    }

    /// <summary>An HTTPS client for the SBI (or <paramref name="host"/>:<paramref name="port"/>) that trusts the SBI CA, presents <paramref name="cert"/> and sends Basic credentials when given.</summary>
    public HttpClient Device(X509Certificate2? cert, string? user, string? password = OpiTemplate.ActivationCode, int? port = null, string host = "localhost")
    {
        var client = Tls.HttpsClient(port ?? SbiPort, [Pki.SbiRoot.Certificate, Pki.SbiIntermediate1.Certificate], cert, host);
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(user, password ?? "");
        }
        return client;
    }

    /// <summary>The opi device "third" with its IDevID and activation code.</summary>
    public HttpClient Third() => Device(Pki.Devices["third-serial-number"].ToTlsCertificate(), "third-serial-number");

    public async Task<JsonArray> BootstrappingLogAsync(string serial)
    {
        await Process.LogsSettledAsync().ConfigureAwait(false);
        var text = await Admin.GetStringAsync($"{Configs.Operational}/wn-sztpd-1:devices/device={serial}/bootstrapping-log").ConfigureAwait(false);
        return JsonNode.Parse(text)!["wn-sztpd-1:bootstrapping-log"]!["log-entry"]!.AsArray();
    }

    public async Task<string> AuditLogAsync()
    {
        await Process.LogsSettledAsync().ConfigureAwait(false);
        return await Admin.GetStringAsync($"{Configs.Operational}/wn-sztpd-1:audit-log").ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Process.DisposeAsync().ConfigureAwait(false);
        if (_ownsPki)
        {
            Pki.Dispose();
        }
    }
}
