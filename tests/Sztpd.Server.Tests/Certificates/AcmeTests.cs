using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Pki.Cms;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Certificates.ManagedKeysSetup;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Certificates;

/// <summary>
/// A managed key whose certificate an ACME server issues (RFC 8555), against Debian's pebble: a placeholder at once,
/// the ACME certificate after an HTTP-01 validation answered on sztpd's listener, served from the next handshake, and
/// renewed with a new key.
/// </summary>
public sealed class AcmeTests
{
    private static async Task PatchAsync(ConfiguredServer s, JsonNode body)
    {
        using var r = await s.Client.SendAsync(Patch(Running, body));
        Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
    }

    /// <summary>An account "ca" at <paramref name="directory"/> (its key imported, its server verified by bag "acme-server" when given) and the ACME key "sbi".</summary>
    private static JsonObject Declaration(Uri directory, string? serverCertificate)
    {
        var sbi = Managed("sbi", "tls-server", null, "CN=localhost", null, 10, "localhost");
        sbi["sztpd-ext:managed"]!.AsObject().Remove("self-signed");
        sbi["sztpd-ext:managed"]!["acme"] = "ca";
        var body = Keystore(NewEcKey("acme-account").Entry, sbi);
        var account = new JsonObject
        {
            ["name"] = "ca",
            ["directory"] = directory.ToString(),
            ["account-key"] = "acme-account",
            ["contact"] = new JsonArray("mailto:pki@example.com"),
            ["terms-of-service-agreed"] = true,
        };
        if (serverCertificate is not null)
        {
            account["trust-anchors"] = "acme-server";
            body["wn-sztpd-1:truststore"] = JsonNode.Parse($$"""
                {"certificate-bags": {"certificate-bag": [{"name": "acme-server", "certificate": [{"name": "pebble", "cert-data": "{{serverCertificate}}"}]}]} }
                """);
        }
        body["wn-sztpd-1:preferences"] = new JsonObject { ["sztpd-ext:acme"] = new JsonObject { ["account"] = new JsonArray(account) } };
        return body;
    }

    private static async Task<JsonArray> NoticesAsync(ConfiguredServer s, string notice) =>
        new([.. (JsonNode.Parse(await s.Client.GetStringAsync($"{Operational}/sztpd-ext:notification-log"))!["sztpd-ext:notification-log"]?["log-entry"]?.AsArray() ?? [])
            .Where(n => (string?)n!["event"] == notice).Select(n => n!.DeepClone())]);

    [Fact]
    public async Task AnAcmeKey_IsIssuedByPebble_AfterAnHttp01Validation_ServedOnTheListener_AndRenewedWithANewKey()
    {
        using var dir = new TempDirectory();
        await using var s = await ConfiguredServer.StartAsync();
        // Pebble validates HTTP-01 at 127.0.0.1 and localhost on sztpd's plain HTTP listener (the native interface here).
        using var pebble = await PebbleServer.StartAsync(dir, s.Process.Port);
        var port = SztpdProcess.FreePort();
        var mark = s.Process.OutputMark;
        await PatchAsync(s, Declaration(pebble.Directory, Convert.ToBase64String(CmsCertificates.CreateDegenerate([pebble.TlsCertificate]))));
        await s.Process.WaitForOutputAsync("managed certificates renewed: sbi", mark);
        // The listener that presents it comes after: adding a listener restarts them all, which an HTTP-01 validation in
        // progress would not survive (the order is then tried again within the hour).
        mark = s.Process.OutputMark;
        await PatchAsync(s, HttpsSbi(port, "sbi"));
        await s.Process.WaitForOutputAsync($"https://127.0.0.1:{port} ", mark);

        using var root = await pebble.RootAsync();
        var chain = await CertDataAsync(s.Client, "sbi");
        var issued = chain[0];
        Assert.StartsWith("CN=Pebble Intermediate CA", issued.Issuer, StringComparison.Ordinal);
        // Pebble's clock is the real one (its root was made after the server's fake clock started).
        Assert.Null(Verify(root, issued, DateTimeOffset.UtcNow, "sslserver", [.. chain.Skip(1)]));
        var names = issued.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback], names.EnumerateIPAddresses());
        // The listener takes it from a handshake after the commit (the placeholder before).
        await ServesAsync(port, issued.Thumbprint);
        Assert.Equal(issued.Thumbprint, (await Tls.HandshakeAsync(port, [root]))[0].Thumbprint);
        var record = Assert.Single(await RevocationTests.IssuedAsync(s.Client), c => (string?)c!["holder"] == "asymmetric-key \"sbi\"")!;
        Assert.Equal(("acme-account \"ca\"", "deployed"), ((string?)record["issuer"], (string?)record["state"]));
        Assert.Single(await NoticesAsync(s, "certificate-issued"), n => ((string)n!["subject"]!).Contains(issued.SerialNumber.ToLowerInvariant(), StringComparison.Ordinal));

        // Renewed now on request: a new order, a new key, served from the next handshake.
        using (var renew = await s.Client.PostAsync("/restconf/operations/sztpd-ext:renew-certificate",
            Json(new JsonObject { ["sztpd-ext:input"] = new JsonObject { ["asymmetric-key"] = "sbi" } })))
        {
            Assert.True(renew.StatusCode == HttpStatusCode.OK, await renew.Content.ReadAsStringAsync());
        }
        var renewed = (await CertDataAsync(s.Client, "sbi"))[0];
        Assert.NotEqual(issued.SerialNumber, renewed.SerialNumber);
        Assert.NotEqual(issued.PublicKey.ExportSubjectPublicKeyInfo(), renewed.PublicKey.ExportSubjectPublicKeyInfo());
        await ServesAsync(port, renewed.Thumbprint);
        Assert.Equal(renewed.Thumbprint, (await Tls.HandshakeAsync(port, [root]))[0].Thumbprint);

        // Renewed when due (renew-before 10 days): the fake clock runs past it, pebble's stays real, so its new certificate
        // is due already: installed, and notified as a failure rather than ordered again at once.
        mark = s.Process.OutputMark;
        s.Process.Time.Advance(TimeSpan.FromDays(81));
        await s.Process.WaitForOutputAsync("managed certificates renewed: sbi", mark);
        await s.Process.WaitForOutputAsync("asymmetric-key \"sbi\" not renewed", mark);
        Assert.NotEqual(renewed.SerialNumber, (await CertDataAsync(s.Client, "sbi"))[0].SerialNumber);
        Assert.Contains("lower renew-before", (string)Assert.Single(await NoticesAsync(s, "certificate-renewal-failed"))!["message"]!, StringComparison.Ordinal);

        // Revoked at the ACME server (pebble says so), recorded, and replaced at once.
        var inForce = (await CertDataAsync(s.Client, "sbi"))[0];
        JsonObject Revocation() => new() { ["sztpd-ext:input"] = new JsonObject { ["issuer"] = "acme-account \"ca\"", ["serial-number"] = inForce.SerialNumber, ["reason"] = "superseded" } };
        using (var revoke = await s.Client.PostAsync("/restconf/operations/sztpd-ext:revoke-certificate", Json(Revocation())))
        {
            var body = await revoke.Content.ReadAsStringAsync();
            Assert.True(revoke.StatusCode == HttpStatusCode.OK, body);
            Assert.True((bool)JsonNode.Parse(body)!["sztpd-ext:output"]!["reissued"]!, body);
        }
        Assert.NotEqual(inForce.SerialNumber, (await CertDataAsync(s.Client, "sbi"))[0].SerialNumber);
        Assert.Equal("revoked", (string?)(await RevocationTests.IssuedAsync(s.Client)).Single(c => (string?)c!["serial-number"] == inForce.SerialNumber.ToLowerInvariant())!["state"]);
        Assert.Equal("Revoked", (string?)(await pebble.CertificateStatusAsync(inForce.SerialNumber))["Status"]);
    }

    [Fact]
    public async Task Dns01_IsAnsweredByADynamicUpdateOfTheZone_SignedWithTsig()
    {
        using var dir = new TempDirectory();
        using var named = await NamedServer.StartAsync(dir);
        await using var s = await ConfiguredServer.StartAsync(tsigKeys: named.KeyFileText);
        // Pebble resolves the _acme-challenge TXT records at BIND, which only sztpd's signed updates put there.
        using var pebble = await PebbleServer.StartAsync(dir, SztpdProcess.FreePort(), $"127.0.0.1:{named.Port}");
        var body = Declaration(pebble.Directory, Convert.ToBase64String(CmsCertificates.CreateDegenerate([pebble.TlsCertificate])));
        var managed = body["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]![1]!["sztpd-ext:managed"]!.AsObject();
        managed["dns-name"] = new JsonArray($"sbi.{NamedServer.Zone}");
        managed.Remove("ip-address");
        body["wn-sztpd-1:preferences"]!["sztpd-ext:acme"]!["account"]![0]!["dns-01"] = new JsonObject
        {
            ["server"] = "127.0.0.1",
            ["port"] = named.Port,
            ["zone"] = NamedServer.Zone,
            ["tsig-key"] = NamedServer.KeyName,
        };
        var mark = s.Process.OutputMark;
        await PatchAsync(s, body);
        await s.Process.WaitForOutputAsync("managed certificates renewed: sbi", mark);

        var issued = (await CertDataAsync(s.Client, "sbi"))[0];
        Assert.StartsWith("CN=Pebble Intermediate CA", issued.Issuer, StringComparison.Ordinal);
        var names = issued.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal([$"sbi.{NamedServer.Zone}"], names.EnumerateDnsNames());

        // A key sztpd was not given is refused, naming it.
        body["wn-sztpd-1:preferences"]!["sztpd-ext:acme"]!["account"]![0]!["dns-01"]!["tsig-key"] = "another-key";
        using var refused = await s.Client.SendAsync(Patch(Running, body));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await ErrorAsync(refused);
        Assert.Equal("/wn-sztpd-1:preferences/sztpd-ext:acme/account=ca/dns-01/tsig-key", (string?)error["error-path"]);
        Assert.Contains(NamedServer.KeyName, (string)error["error-message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableAcmeServer_LeavesThePlaceholder_AndIsNotifiedOnce()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var closed = new Uri($"https://127.0.0.1:{SztpdProcess.FreePort()}/dir");
        var mark = s.Process.OutputMark;
        await PatchAsync(s, Declaration(closed, null));
        await s.Process.WaitForOutputAsync("asymmetric-key \"sbi\" not renewed", mark);

        var placeholder = (await CertDataAsync(s.Client, "sbi"))[0];
        Assert.Equal(placeholder.Subject, placeholder.Issuer);
        var failed = Assert.Single(await NoticesAsync(s, "certificate-renewal-failed"))!;
        Assert.Contains("the ACME order failed", (string)failed["message"]!, StringComparison.Ordinal);
        // The placeholder is nobody's issuance: not recorded.
        Assert.DoesNotContain(await RevocationTests.IssuedAsync(s.Client), c => (string?)c!["holder"] == "asymmetric-key \"sbi\"");
    }

    [Theory]
    [InlineData("profile", "signing", "profile tls-server or tls-client")]
    [InlineData("lifetime", 30, "the ACME server decides the lifetime")]
    public async Task WhatAnAcmeServerDoesNotDo_IsRefused(string leaf, object value, string message)
    {
        await using var s = await ConfiguredServer.StartAsync();
        var body = Declaration(new Uri("https://127.0.0.1:1/dir"), null);
        var managed = body["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]![1]!["sztpd-ext:managed"]!;
        managed[leaf] = value is int days ? days : (string)value;
        using var r = await s.Client.SendAsync(Patch(Running, body));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal($"/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=sbi/sztpd-ext:managed/{leaf}", (string?)error["error-path"]);
        Assert.Contains(message, (string)error["error-message"]!, StringComparison.Ordinal);
    }
}
