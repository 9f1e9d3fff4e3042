using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing.Pki;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Conformance;

/// <summary>
/// <c>sztpd-ext:device-profile</c> (issue 20): one setting gives a device type what a family of real devices needs,
/// and any leaf the type sets still wins.
/// </summary>
public sealed class DeviceProfileTests
{
    [Theory]
    [InlineData(null, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.Unauthorized)]
    public async Task ACiscoIosXeType_IdentifiesASha1SignedSudi_ByTheSnInItsSubject_UnlessTheTypeSaysOtherwise(bool? acceptSha1, HttpStatusCode expected)
    {
        var httpPort = SztpdProcess.FreePort();
        await using var s = await OpiServer.StartAsync((config, _) =>
        {
            var type = config["wn-sztpd-1:device-types"]!["device-type"]![0]!.AsObject();
            type["sztpd-ext:device-profile"] = "cisco-ios-xe";
            if (acceptSha1 is { } accept)
            {
                type["sztpd-ext:accept-sha1-signatures"] = accept;
            }
            var device = config["wn-sztpd-1:devices"]!["device"]![0]!.AsObject();
            device["serial-number"] = "FCW2126G05V";
            device.Remove("activation-code");
            config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(HttpSbiEndpoint("behind-proxy", httpPort));
        });
        using var sudi = s.Pki.ClientIntermediate2.IssueEndEntity(TestPki.DeviceSubject("switch", "PID:C9300-24T SN:FCW2126G05V"),
            new TestCertificateOptions { SignatureHash = System.Security.Cryptography.HashAlgorithmName.SHA1 });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        http.DefaultRequestHeaders.Add("X-Client-Cert", Uri.EscapeDataString(sudi.CertificatePem));

        using var r = await http.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}"));

        Assert.True(r.StatusCode == expected, await r.Content.ReadAsStringAsync() + await s.AuditLogAsync());
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Contains("is signed with SHA-1", await s.AuditLogAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnknownProfile_IsRefused()
    {
        await using var s = await OpiServer.StartAsync();
        using var r = await s.Admin.PatchAsync($"{Running}/wn-sztpd-1:device-types/device-type=my-device-type",
            Json("""{"wn-sztpd-1:device-type": [{"name": "my-device-type", "sztpd-ext:device-profile": "juniper-junos"}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("invalid-value", (string?)(await ErrorAsync(r))["error-tag"]);
    }

    [Fact]
    public async Task AnEditThatLeavesCiscoDevicesSilent_IsAcceptedWithWarnings_HeaderLogAndAudit_OnlyOnce()
    {
        await using var s = await OpiServer.StartAsync((config, _) =>
            config["wn-sztpd-1:bootstrap-servers"] = JsonNode.Parse("""{"bootstrap-server": [{"name": "next", "address": "192.0.2.1"}]}"""));
        using (var put = await s.Admin.PostAsync($"{Running}/wn-sztpd-1:conveyed-information-responses",
            Json("""{"wn-sztpd-1:redirect-information-response": [{"name": "onward", "redirect-information": {"bootstrap-server": ["next"]}}]}""")))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            Assert.False(put.Headers.Contains("Sztpd-Warning")); // no cisco-ios-xe type yet
        }
        var profile = Json("""{"wn-sztpd-1:device-type": [{"name": "my-device-type", "sztpd-ext:device-profile": "cisco-ios-xe"}]}""");

        using var r = await s.Admin.PatchAsync($"{Running}/wn-sztpd-1:device-types/device-type=my-device-type", profile);

        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        var warnings = r.Headers.GetValues("Sztpd-Warning").ToList();
        Assert.Contains(warnings, w => w.StartsWith("redirect-information-response \"onward\" names bootstrap server \"next\", which has no trust-anchor", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("no HTTPS device listener offers TLS 1.2 only", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("device type \"my-device-type\" (cisco-ios-xe) has no signed-data", StringComparison.Ordinal));
        Assert.Contains(s.Process.Logs.GetSnapshot(), l => l.Id.Id == 14 && l.Message.Contains("which has no trust-anchor", StringComparison.Ordinal));
        Assert.Contains("accepted with warnings: redirect-information-response", await s.AuditLogAsync(), StringComparison.Ordinal);

        using var again = await s.Admin.PatchAsync($"{Running}/wn-sztpd-1:device-types/device-type=my-device-type",
            Json("""{"wn-sztpd-1:device-type": [{"name": "my-device-type", "sztpd-ext:device-profile": "cisco-ios-xe"}]}"""));
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.False(again.Headers.Contains("Sztpd-Warning"));
    }

    /// <summary>
    /// A Cisco switch entered by its whole SUDI serialNumber (<c>PID:C9300-24T SN:FCW2126G05V</c>) can never be
    /// identified under the profile's <c>SN:(?&lt;sn&gt;\S+)</c>: creating it is accepted with a warning naming it; the
    /// same device under its SN is not warned about.
    /// </summary>
    [Fact]
    public async Task ADeviceItsTypesSerialNumberRegexCanNeverProduce_IsAcceptedWithAWarning()
    {
        await using var s = await OpiServer.StartAsync((config, _) =>
            config["wn-sztpd-1:device-types"]!["device-type"]![0]!["sztpd-ext:device-profile"] = "cisco-ios-xe");
        static string Device(string serial) => $$"""{"wn-sztpd-1:device": [{"serial-number": "{{serial}}", "device-type": "my-device-type"}]}""";

        using var whole = await s.Admin.PostAsync($"{Running}/wn-sztpd-1:devices", Json(Device("PID:C9300-24T SN:FCW2126G05V")));
        using var sn = await s.Admin.PostAsync($"{Running}/wn-sztpd-1:devices", Json(Device("FCW2126G05V")));

        Assert.Equal(HttpStatusCode.Created, whole.StatusCode);
        Assert.Contains(whole.Headers.GetValues("Sztpd-Warning"), w => w.StartsWith(
            "device \"PID:C9300-24T SN:FCW2126G05V\": the serial-number-regex \"SN:(?<sn>\\S+)\" of device type \"my-device-type\" can never produce this serial number", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, sn.StatusCode);
        Assert.False(sn.Headers.TryGetValues("Sztpd-Warning", out var none) && none.Any(w => w.StartsWith("device ", StringComparison.Ordinal)), string.Join("\n", none ?? []));
    }

    /// <summary>
    /// A SHA-1-signed SUDI presented in a real TLS handshake (openssl s_client, whose own security level must be lowered
    /// to send it) reaches sztpd's own chain check, which the cisco-ios-xe profile lets accept it.
    /// </summary>
    [Fact]
    public async Task ASha1SignedSudi_InATlsHandshake_IsIdentifiedWithTheCiscoProfile()
    {
        await using var s = await OpiServer.StartAsync((config, _) =>
        {
            config["wn-sztpd-1:device-types"]!["device-type"]![0]!["sztpd-ext:device-profile"] = "cisco-ios-xe";
            var device = config["wn-sztpd-1:devices"]!["device"]![0]!.AsObject();
            device["serial-number"] = "FCW2126G05V";
            device.Remove("activation-code");
        });
        using var sudi = s.Pki.ClientIntermediate2.IssueEndEntity(TestPki.DeviceSubject("switch", "PID:C9300-24T SN:FCW2126G05V"),
            new TestCertificateOptions { SignatureHash = System.Security.Cryptography.HashAlgorithmName.SHA1 });
        using var dir = new Sztpd.Testing.TempDirectory();
        var (cert, key) = sudi.WritePem(dir, "sudi");
        var body = "{\"ietf-sztp-bootstrap-server:input\": {}}";
        var request = $"POST {Gbd} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/yang-data+json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        var (_, output, error) = await Sztpd.Testing.OpenSsl.SClientAsync(s.SbiPort, request, "-quiet", "-cipher", "DEFAULT:@SECLEVEL=0", "-cert", cert, "-key", key);

        Assert.True(output.StartsWith("HTTP/1.1 200", StringComparison.Ordinal), output + error + await s.AuditLogAsync());
    }
}
