using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using static Sztpd.Server.Tests.Certificates.ManagedKeysSetup;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Certificates;

/// <summary>sztpd-ext:export-certificate: a certificate with its chain for any writer, with its key (encrypted) for unrestricted admins only.</summary>
public sealed class ExportTests
{
    private const string Export = "/restconf/operations/sztpd-ext:export-certificate";
    private const string Passphrase = "correct horse battery";

    private static StringContent Input(string format, bool key, string? passphrase) => Json(new JsonObject
    {
        ["sztpd-ext:input"] = passphrase is null
            ? new JsonObject { ["asymmetric-key"] = "sbi", ["format"] = format, ["include-private-key"] = key }
            : new JsonObject { ["asymmetric-key"] = "sbi", ["format"] = format, ["include-private-key"] = key, ["passphrase"] = passphrase },
    });

    private static async Task<JsonObject> OutputAsync(HttpResponseMessage r)
    {
        var body = await ReadJsonAsync(r);
        Assert.True(r.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body["sztpd-ext:output"]!.AsObject();
    }

    [Fact]
    public async Task ExportsTheChain_AndTheKeyOnlyToUnrestrictedAdmins_UnderAPassphraseOpensslAccepts()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using (var r = await s.Client.SendAsync(Patch(Running, Keystore(Managed("ca", "certificate-authority", null, "CN=Export Root"),
            Managed("sbi", "tls-server", "ca", "CN=localhost", 90, 30, "localhost")))))
        {
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }
        var chain = await CertDataAsync(s.Client, "sbi");
        using var dir = new TempDirectory();

        // A read-write admin gets the certificate and its issuer, not the key.
        using var writer = Tenancy.TenancyServer.Client(s.Process.Port, "writer@example.com", "writer-secret");
        var pem = (string)(await OutputAsync(await writer.PostAsync(Export, Input("pem", false, null))))["pem"]!;
        Assert.Equal(2, pem.Split("BEGIN CERTIFICATE").Length - 1);
        Assert.DoesNotContain("PRIVATE KEY", pem, StringComparison.Ordinal);
        Assert.StartsWith(chain[0].ExportCertificatePem(), pem, StringComparison.Ordinal);
        using (var denied = await writer.PostAsync(Export, Input("pem", true, Passphrase)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        // The unrestricted admin gets the key, encrypted; openssl opens it with the passphrase only.
        var withKey = (string)(await OutputAsync(await s.Client.PostAsync(Export, Input("pem", true, Passphrase))))["pem"]!;
        Assert.Contains("BEGIN ENCRYPTED PRIVATE KEY", withKey, StringComparison.Ordinal);
        var file = dir.WriteText("sbi.pem", withKey);
        var (code, publicKey, error) = OpenSsl.Run(["pkey", "-in", file, "-passin", $"pass:{Passphrase}", "-pubout"]);
        Assert.True(code == 0, error);
        Assert.Equal(chain[0].PublicKey.ExportSubjectPublicKeyInfo(), Convert.FromBase64String(string.Concat(publicKey.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))));
        Assert.NotEqual(0, OpenSsl.Run(["pkey", "-in", file, "-passin", "pass:wrong passphrase", "-pubout"]).ExitCode);

        var p12 = Convert.FromBase64String((string)(await OutputAsync(await s.Client.PostAsync(Export, Input("pkcs12", true, Passphrase))))["pkcs12"]!);
        (code, var opened, error) = OpenSsl.Run(["pkcs12", "-in", dir.WriteBytes("sbi.p12", p12), "-passin", $"pass:{Passphrase}", "-nodes"]);
        Assert.True(code == 0, error);
        Assert.Contains("BEGIN PRIVATE KEY", opened, StringComparison.Ordinal);
        Assert.Equal(2, opened.Split("BEGIN CERTIFICATE").Length - 1);

        // Without a passphrase, or with a short one, the key is not exported, and the passphrase is not repeated.
        using (var none = await s.Client.PostAsync(Export, Input("pkcs12", true, null)))
        {
            Assert.Equal("/sztpd-ext:input/passphrase", (string?)(await ErrorAsync(none))["error-path"]);
        }
        using (var shortOne = await s.Client.PostAsync(Export, Input("pem", true, "s3cr3t!")))
        {
            var body = await shortOne.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, shortOne.StatusCode);
            Assert.DoesNotContain("s3cr3t!", body, StringComparison.Ordinal);
        }
        await s.Process.LogsSettledAsync();
        var audit = await s.Client.GetStringAsync($"{Operational}/wn-sztpd-1:audit-log");
        Assert.Contains("\"path\":\"/restconf/operations/sztpd-ext:export-certificate\"", audit.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(Passphrase, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Process.Logs.GetSnapshot(), l => l.Message.Contains(Passphrase, StringComparison.Ordinal) || l.Message.Contains("s3cr3t!", StringComparison.Ordinal));
    }
}
