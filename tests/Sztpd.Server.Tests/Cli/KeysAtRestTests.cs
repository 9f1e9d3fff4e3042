using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sztpd.Pki.Keys;
using Sztpd.Server.Cli;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Storage;
using Sztpd.Testing;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Cli;

/// <summary>
/// Keys at rest (docs/security.md): the keystore's private keys are stored encrypted under the key file's current key,
/// served in cleartext as before, re-encrypted at start-up when stored in cleartext or under an older key, and without
/// the key that encrypted them sztpd refuses to start.
/// </summary>
public sealed class KeysAtRestTests
{
    private const string Keys = Running + "/wn-sztpd-1:keystore/asymmetric-keys";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task PrivateKey_IsStoredEncrypted_AndServedAgainAfterRestart(string kind)
    {
        using var dir = new TempDirectory();
        var url = Databases.NewUrl(kind, dir.Path);
        var keyFile = dir.WriteText("kek", KeyRing.NewKeyFileText());
        var (entry, privateKey) = NewEcKey("tls-key");
        string served;
        int port;
        await using (var s = await ConfiguredServer.StartAsync(url, keyFile))
        {
            using var post = await s.Client.PostAsync(Keys, Json(new JsonObject { ["wn-sztpd-1:asymmetric-key"] = new JsonArray(entry) }), Ct);
            Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            Assert.Equal(privateKey, await ServedPrivateKeyAsync(s.Client, "tls-key"));
            served = await KeystoreTextAsync(s.Client);
            port = s.Process.Port;
        }
        var stored = await StoredKeystoreAsync(url);
        AssertHoldsNo(privateKey, stored);
        Assert.Contains($"\"sealed-private-key\":\"aes-256-gcm:{KeyRing.Parse(await File.ReadAllTextAsync(keyFile, Ct)).CurrentId}:", stored, StringComparison.Ordinal);
        foreach (var file in new[] { dir.Combine("sztpd.db"), dir.Combine("sztpd.db-wal") }.Where(File.Exists))
        {
            AssertHoldsNo(privateKey, Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file, Ct)));
        }
        await using var again = await InProcessSztpd.StartAsync(url, keyFile: keyFile, port: port);
        again.UseBasic(Admin, Password);
        Assert.Equal(served, await KeystoreTextAsync(again.Client));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task CleartextKey_OfAnEarlierVersion_IsEncryptedAtStartup_UnderANewOwnerOnlyKeyFile()
    {
        using var dir = new TempDirectory();
        var url = $"sqlite:///{dir.Combine("sztpd.db")}";
        var (entry, privateKey) = NewEcKey("legacy");
        await using (var raw = await DataStoreFactory.OpenAsync(DatabaseUrl.Parse(url), null, Ct))
        await using (var tx = await raw.BeginAsync(Ct))
        {
            // What sztpd wrote before keys were encrypted: an initialized database with a cleartext keystore.
            await tx.SetMetaAsync(FirstTimeInit.ModeKey, "1", Ct);
            await tx.PutTopLevelAsync("wn-sztpd-1:transport", FirstTimeInit.FactoryDefault("127.0.0.1").ToJsonString(), Ct);
            await tx.PutTopLevelAsync("wn-sztpd-1:keystore", new JsonObject { ["asymmetric-keys"] = new JsonObject { ["asymmetric-key"] = new JsonArray(entry) } }.ToJsonString(), Ct);
            await tx.CommitAsync(Ct);
        }

        await using var p = await SztpdProcess.StartAsync(url);

        var keyFile = dir.Combine("sztpd.db.key");
        Assert.Contains($"created the key file {keyFile}", p.Stdout, StringComparison.Ordinal);
        Assert.Contains("encrypted 1 keystore private key(s)", p.Stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        AssertHoldsNo(privateKey, await StoredKeystoreAsync(url));
        Assert.Equal(privateKey, await ServedPrivateKeyAsync(p.Client, "legacy"));
    }

    [Fact]
    public async Task EncryptedKeys_WithoutTheKeyThatEncryptedThem_SztpdRefusesToStart_NamingTheFile()
    {
        using var dir = new TempDirectory();
        var url = $"sqlite:///{dir.Combine("sztpd.db")}";
        await using (var s = await ConfiguredServer.StartAsync(url))
        {
            using var post = await s.Client.PostAsync(Keys, Json(new JsonObject { ["wn-sztpd-1:asymmetric-key"] = new JsonArray(NewEcKey("k").Entry) }), Ct);
            Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        }
        var defaultFile = dir.Combine("sztpd.db.key");
        var key = (await File.ReadAllTextAsync(defaultFile, Ct)).Trim();
        var stored = await StoredKeystoreAsync(url);
        var otherText = KeyRing.NewKeyFileText();
        var other = dir.WriteText("other.key", otherText);

        var wrong = await SztpdProcess.RunToExitAsync([url], new Dictionary<string, string?> { [KeyFile.Variable] = other });
        AssertRefused(wrong, other, key, otherText.Trim());
        Assert.Contains("key id", wrong.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"k\"", wrong.Stderr, StringComparison.Ordinal);

        var garbled = dir.WriteText("garbled.key", "not-a-key-at-all\n");
        var invalid = await SztpdProcess.RunToExitAsync([url], new Dictionary<string, string?> { [KeyFile.Variable] = garbled });
        AssertRefused(invalid, garbled, key, "not-a-key-at-all");
        Assert.Contains("line 1 is not a base64-encoded 32-byte key", invalid.Stderr, StringComparison.Ordinal);

        var missing = dir.Combine("missing.key");
        var named = await SztpdProcess.RunToExitAsync([url], new Dictionary<string, string?> { [KeyFile.Variable] = missing });
        AssertRefused(named, missing, key, otherText.Trim());
        Assert.Contains("does not exist", named.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));

        File.Delete(defaultFile);
        var lost = await SztpdProcess.RunToExitAsync([url]);
        AssertRefused(lost, defaultFile, key, otherText.Trim());
        Assert.False(File.Exists(defaultFile), "a new key must not replace the lost one");

        Assert.Equal(stored, await StoredKeystoreAsync(url));
    }

    [Fact]
    public async Task Rotation_NewKeyFirst_ReencryptsAtStartup_ThenTheOldKeyCanGo()
    {
        using var dir = new TempDirectory();
        var url = $"sqlite:///{dir.Combine("sztpd.db")}";
        var (oldKey, newKey) = (KeyRing.NewKeyFileText(), KeyRing.NewKeyFileText());
        var keyFile = dir.WriteText("kek", oldKey);
        var (entry, privateKey) = NewEcKey("k");
        int port;
        await using (var s = await ConfiguredServer.StartAsync(url, keyFile))
        {
            using var post = await s.Client.PostAsync(Keys, Json(new JsonObject { ["wn-sztpd-1:asymmetric-key"] = new JsonArray(entry) }), Ct);
            Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            port = s.Process.Port;
        }

        await File.WriteAllTextAsync(keyFile, newKey + oldKey, Ct);
        await using (var rotated = await InProcessSztpd.StartAsync(url, keyFile: keyFile, port: port))
        {
            var resealed = $"encrypted 1 keystore private key(s) in the database under key id {KeyRing.Parse(newKey).CurrentId}";
            Assert.Contains(rotated.Logs.GetSnapshot(), r => r.Message.Contains(resealed, StringComparison.Ordinal));
        }
        var stored = await StoredKeystoreAsync(url);
        Assert.Contains($"aes-256-gcm:{KeyRing.Parse(newKey).CurrentId}:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain($"aes-256-gcm:{KeyRing.Parse(oldKey).CurrentId}:", stored, StringComparison.Ordinal);

        await File.WriteAllTextAsync(keyFile, newKey, Ct);
        await using var after = await InProcessSztpd.StartAsync(url, keyFile: keyFile, port: port);
        after.UseBasic(Admin, Password);
        Assert.Equal(privateKey, await ServedPrivateKeyAsync(after.Client, "k"));
    }

    [Fact]
    public async Task EncryptedKeys_SwappedBetweenEntries_DoNotDecrypt()
    {
        using var dir = new TempDirectory();
        var url = $"sqlite:///{dir.Combine("sztpd.db")}";
        await using (var s = await ConfiguredServer.StartAsync(url))
        {
            using var put = await s.Client.PutAsync(Keys, Json(new JsonObject
            {
                ["wn-sztpd-1:asymmetric-keys"] = new JsonObject { ["asymmetric-key"] = new JsonArray(NewEcKey("a").Entry, NewEcKey("b").Entry) },
            }), Ct);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));
        }
        await using (var raw = await DataStoreFactory.OpenAsync(DatabaseUrl.Parse(url), null, Ct))
        {
            var keystore = JsonNode.Parse((await raw.LoadTopLevelAsync(Ct))["wn-sztpd-1:keystore"])!;
            var entries = keystore["asymmetric-keys"]!["asymmetric-key"]!.AsArray();
            var (a, b) = ((string)entries[0]!["sealed-private-key"]!, (string)entries[1]!["sealed-private-key"]!);
            (entries[0]!["sealed-private-key"], entries[1]!["sealed-private-key"]) = (b, a);
            await using var tx = await raw.BeginAsync(Ct);
            await tx.PutTopLevelAsync("wn-sztpd-1:keystore", keystore.ToJsonString(), Ct);
            await tx.CommitAsync(Ct);
        }

        var refused = await Assert.ThrowsAsync<UserError>(() => InProcessSztpd.StartAsync(url));

        Assert.Contains("keystore entry \"a\"", refused.Message, StringComparison.Ordinal);
        Assert.Contains("altered or moved", refused.Message, StringComparison.Ordinal);
    }

    private static void AssertRefused((int Code, string Stdout, string Stderr) run, string keyFile, params string[] secrets)
    {
        Assert.Equal(1, run.Code);
        Assert.StartsWith("sztpd: error:", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.Contains(keyFile, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(KeyFile.Variable, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", run.Stdout, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, run.Stderr + run.Stdout, StringComparison.Ordinal);
        }
    }

    /// <summary><paramref name="text"/> holds the private key neither as is nor as JSON writes it (<c>+</c> escaped), and no cleartext key member.</summary>
    private static void AssertHoldsNo(string privateKey, string text)
    {
        Assert.DoesNotContain(privateKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(JsonEncoded(privateKey), text, StringComparison.Ordinal);
        Assert.DoesNotContain("cleartext-private-key", text, StringComparison.Ordinal);
    }

    /// <summary>The keystore document as the database holds it.</summary>
    private static async Task<string> StoredKeystoreAsync(string url)
    {
        await using var raw = await DataStoreFactory.OpenAsync(DatabaseUrl.Parse(url), null, Ct);
        return (await raw.LoadTopLevelAsync(Ct))["wn-sztpd-1:keystore"];
    }

    /// <summary>The keystore as GET answers it, byte for byte.</summary>
    private static async Task<string> KeystoreTextAsync(HttpClient client)
    {
        using var get = await client.GetAsync(Running + "/wn-sztpd-1:keystore", Ct);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        return await get.Content.ReadAsStringAsync(Ct);
    }

    private static async Task<string?> ServedPrivateKeyAsync(HttpClient client, string name)
    {
        using var get = await client.GetAsync($"{Keys}/asymmetric-key={name}", Ct);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        return (string?)(await ReadJsonAsync(get))["wn-sztpd-1:asymmetric-key"]![0]!["cleartext-private-key"];
    }
}
