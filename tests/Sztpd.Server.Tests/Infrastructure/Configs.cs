using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>Configurations and request helpers shared by the RESTCONF tests.</summary>
public static class Configs
{
    public const string Running = "/restconf/ds/ietf-datastores:running";
    public const string Operational = "/restconf/ds/ietf-datastores:operational";
    public const string Admin = "admin@example.com";
    public const string Password = "admin-secret";
    public const string Gbd = "/restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data";
    public const string Rp = "/restconf/operations/ietf-sztp-bootstrap-server:report-progress";

    /// <summary>An <c>rfc8572-interface</c> endpoint over plain HTTP on loopback (devices behind a TLS-terminating proxy).</summary>
    public static JsonNode HttpSbiEndpoint(string name, int port) => JsonNode.Parse($$$"""
        {"name": "{{{name}}}", "use-for": "wn-sztpd-0:rfc8572-interface",
         "http": {"tcp-server-parameters": {"local-address": "127.0.0.1", "local-port": {{{port}}} } } }
        """)!;

    /// <summary>The conveyed information text of a get-bootstrapping-data response, which must be 200 (<paramref name="context"/> explains a failure).</summary>
    public static async Task<string> ConveyedTextAsync(HttpResponseMessage r, string context = "")
    {
        var body = await r.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.True(r.StatusCode == System.Net.HttpStatusCode.OK, body + context);
        return System.Text.Encoding.UTF8.GetString(DecodeConveyed(body).Payload);
    }

    /// <summary>The conveyed information of a get-bootstrapping-data JSON output, decoded (not verified).</summary>
    public static Sztpd.Pki.Cms.ConveyedInformationContent DecodeConveyed(string body) => Sztpd.Pki.Cms.ConveyedInformationCms.Decode(
        Convert.FromBase64String((string)JsonNode.Parse(body)!["ietf-sztp-bootstrap-server:output"]!["conveyed-information"]!));

    /// <summary>A small valid mode-1 configuration: the native endpoint on <paramref name="port"/>, one admin, a device type and a device.</summary>
    public static JsonObject Minimal(int port) => JsonNode.Parse($$$"""
        {
          "wn-sztpd-1:transport": {"listen": {"endpoint": [{"name": "native", "use-for": "wn-app:native-interface",
            "http": {"tcp-server-parameters": {"local-address": "127.0.0.1", "local-port": {{{port}}} } } } ] } },
          "wn-sztpd-1:admin-accounts": {"admin-account": [
            {"email-address": "{{{Admin}}}", "password": "$0${{{Password}}}", "access": "unrestricted"},
            {"email-address": "reader@example.com", "password": "$0$reader-secret", "access": "read-only"},
            {"email-address": "writer@example.com", "password": "$0$writer-secret", "access": "read-write"}]},
          "wn-sztpd-1:device-types": {"device-type": [{"name": "my-device-type"}]},
          "wn-sztpd-1:devices": {"device": [{"serial-number": "first-serial-number", "device-type": "my-device-type", "activation-code": "$0$my-secret"}]},
          "wn-sztpd-1:boot-images": {"boot-image": [{"name": "img", "download-uri": ["https://web:443/a.img", "https://web:443/b.img"],
            "image-verification": [{"hash-algorithm": "ietf-sztp-conveyed-info:sha-256", "hash-value": "7b:ca:e6:ac"}]}]}
        }
        """)!.AsObject();

    public static StringContent Json(JsonNode body) => Json(body.ToJsonString());

    public static StringContent Json(string body)
    {
        var c = new StringContent(body, Encoding.UTF8);
        c.Headers.ContentType = new MediaTypeHeaderValue("application/yang-data+json");
        return c;
    }

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage r) =>
        JsonNode.Parse(await r.Content.ReadAsStringAsync().ConfigureAwait(false))!.AsObject();

    /// <summary>The first error of an <c>ietf-restconf:errors</c> body.</summary>
    public static async Task<JsonObject> ErrorAsync(HttpResponseMessage r) =>
        (await ReadJsonAsync(r).ConfigureAwait(false))["ietf-restconf:errors"]!["error"]![0]!.AsObject();

    public static HttpRequestMessage Patch(string path, JsonNode body) => new(HttpMethod.Patch, path) { Content = Json(body) };

    /// <summary>A keystore <c>asymmetric-key</c> entry of <paramref name="key"/>'s key, with one certificate: <paramref name="key"/>'s, then <paramref name="chain"/>.</summary>
    public static JsonObject KeyEntry(string name, string certificate, Sztpd.Testing.Pki.TestCredential key, params Sztpd.Testing.Pki.TestCredential[] chain)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new JsonObject
        {
            ["name"] = name,
            ["public-key-format"] = "ietf-crypto-types:subject-public-key-info-format",
            ["public-key"] = key.SpkiBase64,
            ["private-key-format"] = key.PrivateKeyFormat,
            ["cleartext-private-key"] = key.PrivateKeyBase64,
            ["certificates"] = new JsonObject
            {
                ["certificate"] = new JsonArray(new JsonObject { ["name"] = certificate, ["cert-data"] = Sztpd.Testing.Pki.TestPki.CmsBase64([key, .. chain]) }),
            },
        };
    }

    /// <summary>A keystore <c>asymmetric-key</c> entry with a new P-256 key pair, and the text of its <c>cleartext-private-key</c>.</summary>
    public static (JsonObject Entry, string PrivateKey) NewEcKey(string name)
    {
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var privateKey = Convert.ToBase64String(ec.ExportECPrivateKey());
        return (new JsonObject
        {
            ["name"] = name,
            ["public-key-format"] = "ietf-crypto-types:subject-public-key-info-format",
            ["public-key"] = Convert.ToBase64String(ec.ExportSubjectPublicKeyInfo()),
            ["private-key-format"] = "ietf-crypto-types:ec-private-key-format",
            ["cleartext-private-key"] = privateKey,
        }, privateKey);
    }

    /// <summary>Base64 text as a JSON answer writes it (<c>+</c> escaped), to look for a secret in an answer.</summary>
    public static string JsonEncoded(string text) => JsonValue.Create(text).ToJsonString().Trim('"');
}
