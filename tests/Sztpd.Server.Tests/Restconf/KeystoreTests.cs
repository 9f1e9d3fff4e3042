using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Restconf;

/// <summary>SZTPD's key-material callback (compat section 2.5): a keystore key must be a consistent pair.</summary>
public sealed class KeystoreTests
{
    private static JsonObject Key(string name, ECDsa publicHalf, ECDsa privateHalf) => new()
    {
        ["wn-sztpd-1:asymmetric-key"] = new JsonArray(new JsonObject
        {
            ["name"] = name,
            ["public-key-format"] = "ietf-crypto-types:subject-public-key-info-format",
            ["public-key"] = Convert.ToBase64String(publicHalf.ExportSubjectPublicKeyInfo()),
            ["private-key-format"] = "ietf-crypto-types:ec-private-key-format",
            ["cleartext-private-key"] = Convert.ToBase64String(privateHalf.ExportECPrivateKey()),
        }),
    };

    [Fact]
    public async Task MismatchedKeyPair_IsRejected_MatchingPairIsCreated()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Running + "/wn-sztpd-1:keystore/asymmetric-keys";
        var before = await s.RunningJsonAsync();
        using var bad = await s.Client.PostAsync(path, Json(Key("k", a, b)));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var error = await ErrorAsync(bad);
        Assert.Equal("operation-failed", (string?)error["error-tag"]);
        Assert.Contains("mismatched public/private key pair", (string?)error["error-message"]);
        Assert.Equal(before, await s.RunningJsonAsync());
        using var good = await s.Client.PostAsync(path, Json(Key("k", a, a)));
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
    }
}
