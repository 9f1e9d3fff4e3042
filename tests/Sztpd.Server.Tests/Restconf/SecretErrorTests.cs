using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Restconf;

/// <summary>
/// An error names the field, not its content: the value of a secret leaf (a private key, a password, an activation
/// code) is never repeated in the answer or in the audit log, and any other value is repeated at most 40 characters long.
/// </summary>
public sealed class SecretErrorTests
{
    private const string Keys = Running + "/wn-sztpd-1:keystore/asymmetric-keys";

    private static JsonObject Key(string publicKey, string privateKey) => new()
    {
        ["wn-sztpd-1:asymmetric-key"] = new JsonArray(new JsonObject
        {
            ["name"] = "k",
            ["public-key-format"] = "ietf-crypto-types:subject-public-key-info-format",
            ["public-key"] = publicKey,
            ["private-key-format"] = "ietf-crypto-types:ec-private-key-format",
            ["cleartext-private-key"] = privateKey,
        }),
    };

    /// <summary>Posts <paramref name="body"/>, which must be refused with 400 invalid-value naming <paramref name="field"/>; the error message and the audit comment.</summary>
    private static async Task<(string Message, string AuditComment)> RefusedAsync(ConfiguredServer s, string path, JsonObject body, string field)
    {
        var before = await s.RunningJsonAsync();
        using var r = await s.Client.PostAsync(path, Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("invalid-value", (string?)error["error-tag"]);
        var message = (string)error["error-message"]!;
        Assert.Contains($"\"{field}\"", message, StringComparison.Ordinal);
        Assert.Equal(before, await s.RunningJsonAsync());
        await s.Process.LogsSettledAsync();
        using var log = await s.Client.GetAsync(Operational + "/wn-sztpd-1:audit-log");
        var audit = (await ReadJsonAsync(log))["wn-sztpd-1:audit-log"]!["log-entry"]!.AsArray();
        return (message, (string)audit.Last(e => (string?)e!["method"] == "POST")!["comment"]!);
    }

    /// <summary>Fails when <paramref name="text"/> holds any 6 consecutive characters of <paramref name="secret"/>.</summary>
    private static void AssertNoPartOf(string secret, string text)
    {
        for (var i = 0; i + 6 <= secret.Length; i++)
        {
            Assert.DoesNotContain(secret.Substring(i, 6), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PrivateKeyWithOneBadBase64Character_IsNotRepeated()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = Convert.ToBase64String(ec.ExportECPrivateKey());
        var typo = key[..40] + "!" + key[40..];

        var (message, comment) = await RefusedAsync(s, Keys, Key(Convert.ToBase64String(ec.ExportSubjectPublicKeyInfo()), typo), "cleartext-private-key");

        Assert.Equal("Invalid value for \"cleartext-private-key\": is not valid base64.", message);
        AssertNoPartOf(key, message);
        AssertNoPartOf(key, comment);
    }

    [Fact]
    public async Task PastedPemPrivateKey_IsNotRepeated()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = ec.ExportECPrivateKeyPem();

        var (message, comment) = await RefusedAsync(s, Keys, Key(Convert.ToBase64String(ec.ExportSubjectPublicKeyInfo()), pem), "cleartext-private-key");

        var base64 = Convert.ToBase64String(ec.ExportECPrivateKey());
        AssertNoPartOf(base64, message);
        AssertNoPartOf(base64, comment);
    }

    [Theory]
    [InlineData("/wn-sztpd-1:devices", "wn-sztpd-1:device", "serial-number", "s-1", "activation-code")]
    [InlineData("/wn-sztpd-1:admin-accounts", "wn-sztpd-1:admin-account", "email-address", "new@example.com", "password")]
    public async Task CryptHashTypedWithoutItsPrefix_IsNotRepeated(string path, string member, string key, string keyValue, string field)
    {
        await using var s = await ConfiguredServer.StartAsync();
        const string Typed = "typed-without-the-prefix";
        var entry = new JsonObject { [key] = keyValue, [field] = Typed };
        entry[member == "wn-sztpd-1:device" ? "device-type" : "access"] = member == "wn-sztpd-1:device" ? "my-device-type" : "read-only";

        var (message, comment) = await RefusedAsync(s, Running + path, new JsonObject { [member] = new JsonArray(entry) }, field);

        Assert.StartsWith($"Invalid value for \"{field}\": does not match the pattern", message, StringComparison.Ordinal);
        AssertNoPartOf(Typed, message);
        AssertNoPartOf(Typed, comment);
    }

    [Fact]
    public async Task LongValueOfAnOrdinaryField_IsRepeatedAtMost40CharactersLong()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var value = string.Concat(Enumerable.Range(0, 50).Select(i => $"v{i:D2}"));
        var body = JsonNode.Parse($$"""{"wn-sztpd-1:device-type": [{"name": "t", "sztpd-ext:conveyed-information-encoding": "{{value}}"}]}""")!.AsObject();

        var (message, _) = await RefusedAsync(s, Running + "/wn-sztpd-1:device-types", body, "conveyed-information-encoding");

        Assert.StartsWith($"Invalid value \"{value[..36]}... for \"conveyed-information-encoding\"", message, StringComparison.Ordinal);
        Assert.DoesNotContain(value[36..40], message, StringComparison.Ordinal);
    }
}
