using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Testing;
using Sztpd.Testing.Processes;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>
/// Debian's <c>pebble</c>, a real ACME server (RFC 8555), on loopback: its HTTPS certificate made per run, HTTP-01
/// validation against <c>127.0.0.1:httpPort</c> (sztpd's listener), no random sleeps or nonce rejections, a new
/// validation for every order, certificates valid 90 days.
/// </summary>
internal sealed class PebbleServer : IDisposable
{
    private readonly Process _process;

    private PebbleServer(Process process, Uri directory, X509Certificate2 tls, int managementPort) =>
        (_process, Directory, TlsCertificate, ManagementPort) = (process, directory, tls, managementPort);

    public Uri Directory { get; }

    /// <summary>The self-signed certificate of pebble's HTTPS interface, for the truststore bag that verifies it.</summary>
    public X509Certificate2 TlsCertificate { get; }

    public int ManagementPort { get; }

    /// <summary>Starts pebble; with <paramref name="dnsServer"/> (HOST:PORT) it resolves names, and DNS-01's TXT records, there.</summary>
    public static async Task<PebbleServer> StartAsync(TempDirectory dir, int httpPort, string? dnsServer = null)
    {
        const string Pebble = "/usr/bin/pebble";
        if (!File.Exists(Pebble))
        {
            throw ToolMissingException.For("pebble is not installed (`apt-get install -y pebble`); .ci/run installs it.");
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var tls = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        var (port, management, tlsPort) = (SztpdProcess.FreePort(), SztpdProcess.FreePort(), SztpdProcess.FreePort());
        var config = dir.WriteText("pebble.json", new JsonObject
        {
            ["pebble"] = new JsonObject
            {
                ["listenAddress"] = $"127.0.0.1:{port}",
                ["managementListenAddress"] = $"127.0.0.1:{management}",
                ["certificate"] = dir.WriteText("pebble-cert.pem", tls.ExportCertificatePem()),
                ["privateKey"] = dir.WriteText("pebble-key.pem", key.ExportPkcs8PrivateKeyPem()),
                ["httpPort"] = httpPort,
                ["tlsPort"] = tlsPort,
                ["ocspResponderURL"] = "",
                ["externalAccountBindingRequired"] = false,
                ["certificateValidityPeriod"] = 90 * 24 * 3600,
            },
        }.ToJsonString());
        var info = new ProcessStartInfo(Pebble) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-config");
        info.ArgumentList.Add(config);
        if (dnsServer is not null)
        {
            info.ArgumentList.Add("-dnsserver");
            info.ArgumentList.Add(dnsServer);
        }
        info.Environment["PEBBLE_VA_NOSLEEP"] = "1";
        info.Environment["PEBBLE_WFE_NONCEREJECT"] = "0";
        info.Environment["PEBBLE_AUTHZREUSE"] = "0";
        var process = Process.Start(info) ?? throw new InvalidOperationException("pebble did not start.");
        _ = process.StandardError.ReadToEndAsync();
        var said = new List<string>();
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))) is not null
            && !line.Contains("ACME directory available at", StringComparison.Ordinal))
        {
            said.Add(line);
        }
        if (line is null)
        {
            process.Dispose();
            throw new InvalidOperationException($"pebble ended before listening: {string.Join('\n', said)}");
        }
        _ = DrainAsync(process);
        return new PebbleServer(process, new Uri($"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/dir"), tls, management);
    }

    private static async Task DrainAsync(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync() is not null)
        {
            // What pebble logs about each request is not needed.
        }
    }

    /// <summary>Pebble's root CA (generated at its start), from its management interface.</summary>
    public async Task<X509Certificate2> RootAsync()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == TlsCertificate.Thumbprint };
        using var http = new HttpClient(handler);
        return X509Certificate2.CreateFromPem(await http.GetStringAsync(new Uri($"https://127.0.0.1:{ManagementPort}/roots/0")));
    }

    /// <summary>What pebble says of the certificate with serial number <paramref name="serial"/> (hexadecimal): its status among others.</summary>
    public async Task<JsonObject> CertificateStatusAsync(string serial)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == TlsCertificate.Thumbprint };
        using var http = new HttpClient(handler);
        return JsonNode.Parse(await http.GetStringAsync(new Uri($"https://127.0.0.1:{ManagementPort}/cert-status-by-serial/{serial.ToLowerInvariant().TrimStart('0')}")))!.AsObject();
    }

    public void Dispose()
    {
        _process.KillAndDispose();
        TlsCertificate.Dispose();
    }
}
