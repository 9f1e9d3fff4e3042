using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing.Pki;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Reliability;

/// <summary>
/// The regression corpus of an attacker's fuzzing, then seeded mutations of valid northbound edits and southbound RPC
/// bodies, sent to the in-process server on loopback. Every answer must be below 500; every error must carry an
/// <c>ietf-restconf:errors</c> body that repeats no secret of the request; a rejected edit must leave the running
/// datastore as it was. The figures go to the test output.
/// </summary>
public sealed class MalformedInputSuiteTests(ITestOutputHelper output)
{
    private const int Seed = 8572;
    private const int NorthboundMutations = 2500;
    private const int SouthboundMutations = 3000;

    /// <summary>A bound on each half on a slow machine (a run takes about half of it): the mutations stop there, and the figures say how many ran.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(25);

    private sealed class Tally(ITestOutputHelper output, string name)
    {
        private readonly List<string> _failures = [];
        private readonly SortedDictionary<int, int> _statuses = [];
        public int Cases { get; private set; }
        public int ServerErrors { get; private set; }
        public int Crashes { get; private set; }
        public int WithoutErrorBody { get; private set; }
        public int EchoedSecrets { get; private set; }
        public int ChangedAfterReject { get; private set; }
        public int Accepted { get; private set; }

        public void Count(int status)
        {
            Cases++;
            _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
            if (status < 300)
            {
                Accepted++;
            }
        }

        public void Fail(string what, string kind, byte[] body, string detail)
        {
            switch (what)
            {
                case "5xx": ServerErrors++; break;
                case "crash": Crashes++; break;
                case "no errors body": WithoutErrorBody++; break;
                case "secret echoed": EchoedSecrets++; break;
                default: ChangedAfterReject++; break;
            }
            if (_failures.Count < 12)
            {
                var shown = Encoding.UTF8.GetString(body);
                _failures.Add($"{what} [{kind}] {(shown.Length > 300 ? shown[..300] + "..." : shown)}\n    -> {(detail.Length > 600 ? detail[..600] + "..." : detail)}");
            }
        }

        public void Report(TimeSpan elapsed, InProcessSztpd server)
        {
            output.WriteLine($"{name}: {Cases} cases in {elapsed.TotalSeconds:F1} s; statuses {string.Join(", ", _statuses.Select(s => $"{s.Key}: {s.Value}"))}");
            output.WriteLine($"{name}: 5xx {ServerErrors}, crashes {Crashes}, errors without an ietf-restconf:errors body {WithoutErrorBody}, "
                + $"secrets echoed {EchoedSecrets}, changed after reject {ChangedAfterReject}, accepted {Accepted}");
            foreach (var f in _failures)
            {
                output.WriteLine("  " + f);
            }
            // What the server logged as errors, grouped by exception and where it was thrown (or by message).
            var errors = server.Logs.GetSnapshot().Where(l => l.Level is Microsoft.Extensions.Logging.LogLevel.Error or Microsoft.Extensions.Logging.LogLevel.Critical)
                .GroupBy(l => l.Exception is { } e
                    ? $"{e.GetType().Name}: {e.Message} at {e.StackTrace?.Split('\n').FirstOrDefault(f => f.Contains("Sztpd", StringComparison.Ordinal))?.Trim()}"
                    : l.Message[(l.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
            foreach (var g in errors.OrderByDescending(g => g.Count()))
            {
                output.WriteLine($"  server error x{g.Count()}: {g.Key}");
            }
        }

        public void AssertClean()
        {
            Assert.True(ServerErrors + Crashes + WithoutErrorBody + EchoedSecrets + ChangedAfterReject == 0,
                $"{name}: {ServerErrors} 5xx, {Crashes} crashes, {WithoutErrorBody} without errors body, {EchoedSecrets} secrets echoed, {ChangedAfterReject} changed after reject (see the output)");
        }
    }

    private sealed record Edit(HttpMethod Method, string Path, JsonObject Body);

    [Fact]
    public async Task Northbound_CorpusAndMutations_Get4xxWithErrors_AndChangeNothing()
    {
        var (server, owner) = await OwnerSetup.StartAsync(sign: "always", vouchers: o => [("v1", o.Voucher())]);
        await using var serverScope = server;
        using var ownerScope = owner;
        var admin = server.Admin;
        var baseline = await RunningAsync(admin);
        var seeds = NorthboundSeeds(JsonNode.Parse(baseline)!.AsObject(), owner);
        var secrets = Secrets(seeds.Select(s => s.Body));
        secrets.AddRange([PrivatePart(owner.Owner.Owner.PrivateKeyBase64), "typed-without-the-prefix"]);
        var tally = new Tally(output, "northbound");
        var clock = Stopwatch.StartNew();

        // Each seed as it is must be accepted, or its mutations test nothing but the first check they fail.
        foreach (var seed in seeds)
        {
            using var r = await SendAsync(admin, seed.Method, Running + seed.Path, Encoding.UTF8.GetBytes(seed.Body.ToJsonString()));
            Assert.True(r.IsSuccessStatusCode, $"seed {seed.Method} {seed.Path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            await RestoreAsync(admin, baseline);
        }

        foreach (var (kind, path, body) in NorthboundCorpus(owner))
        {
            await CheckEditAsync(admin, tally, baseline, secrets, HttpMethod.Post, path, kind, body);
        }
        foreach (var number in new[] { "1e400", "99999999999999999999999999999999999999999", "256", "-1", "1.0", "\"7\"" })
        {
            // The integer leaves (uint8) written as a resource of their own, and inside a PATCH of their container.
            var leaf = Running + "/wn-sztpd-1:preferences/sztpd-ext:authentication/minimum-password-length";
            await CheckEditAsync(admin, tally, baseline, secrets, HttpMethod.Put, leaf, "integer out of range", Encoding.UTF8.GetBytes($"{{\"sztpd-ext:minimum-password-length\": {number}}}"));
            await CheckEditAsync(admin, tally, baseline, secrets, HttpMethod.Patch, Running + "/wn-sztpd-1:preferences", "integer out of range",
                Encoding.UTF8.GetBytes($"{{\"wn-sztpd-1:preferences\": {{\"sztpd-ext:authentication\": {{\"max-failed-logins-per-minute\": {number}}}}}}}"));
        }
        foreach (var chunked in new[] { "ffffffffffffffff\r\nabc\r\n0\r\n\r\n", "zz\r\nabc\r\n0\r\n\r\n", "3\r\nabcdef\r\n0\r\n\r\n", "-1\r\nabc\r\n0\r\n\r\n" })
        {
            var answer = await RawHttp.PostChunkedAsync(server.NbiPort, Running + "/wn-sztpd-1:devices", admin.DefaultRequestHeaders.Authorization!.ToString(), chunked);
            tally.Count(answer.Status);
            CheckAnswer(tally, "chunked-framing", Encoding.ASCII.GetBytes(chunked), answer.Status, answer.Headers.GetValueOrDefault("Content-Type"), answer.Body, secrets);
            await CheckUnchangedAsync(admin, tally, baseline, "chunked-framing", Encoding.ASCII.GetBytes(chunked));
        }

        var mutator = new InputMutator(Seed);
        for (var i = 0; i < NorthboundMutations && clock.Elapsed < Budget; i++)
        {
            var seed = seeds[i % seeds.Count];
            var (kind, body) = mutator.MutateJson(seed.Body);
            await CheckEditAsync(admin, tally, baseline, secrets, seed.Method, Running + seed.Path, kind, body);
        }

        tally.Report(clock.Elapsed, server.Process);
        tally.AssertClean();
    }

    [Fact]
    public async Task Southbound_CorpusAndMutations_Get4xxWithErrors_AndChangeNothing()
    {
        var (server, owner) = await OwnerSetup.StartAsync(sign: "always", vouchers: o => [("v1", o.Voucher()), ("v2", o.Voucher(nonce: Nonce))]);
        await using var serverScope = server;
        using var ownerScope = owner;
        using var device = server.Third();
        var baseline = await RunningAsync(server.Admin);
        var seeds = SouthboundSeeds(owner);
        var tally = new Tally(output, "southbound");
        var clock = Stopwatch.StartNew();

        foreach (var (path, mediaType, body) in seeds)
        {
            using var r = await SendAsync(device, HttpMethod.Post, path, body, mediaType);
            Assert.True(r.IsSuccessStatusCode, $"seed {path} {mediaType}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }

        var cases = SouthboundCorpus().ToList();
        var mutator = new InputMutator(Seed);
        for (var i = 0; i < SouthboundMutations; i++)
        {
            var (path, mediaType, body) = seeds[i % seeds.Count];
            var (kind, mutated) = mediaType == SouthboundXml
                ? mutator.MutateText(body)
                : mutator.MutateJson(JsonNode.Parse(body)!.AsObject());
            cases.Add((kind, path, mediaType, mutated));
        }
        foreach (var (kind, path, mediaType, body) in cases.TakeWhile(_ => clock.Elapsed < Budget))
        {
            try
            {
                using var r = await SendAsync(device, HttpMethod.Post, path, body, mediaType);
                tally.Count((int)r.StatusCode);
                CheckAnswer(tally, kind, body, (int)r.StatusCode, r.Content.Headers.ContentType?.MediaType, await r.Content.ReadAsStringAsync(), []);
            }
            catch (HttpRequestException e)
            {
                tally.Count(0);
                tally.Fail("crash", kind, body, e.Message);
            }
        }
        // A device cannot change the configuration: compared once, after all of its requests.
        await CheckUnchangedAsync(server.Admin, tally, baseline, "all southbound requests", []);

        tally.Report(clock.Elapsed, server.Process);
        tally.AssertClean();
    }

    private static readonly byte[] Nonce = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];

    private const string SouthboundJson = "application/yang-data+json";
    private const string SouthboundXml = "application/yang-data+xml";

    private static List<Edit> NorthboundSeeds(JsonObject running, OwnerSetup owner)
    {
        var third = running["wn-sztpd-1:devices"]!["device"]!.AsArray().Single(d => (string?)d!["serial-number"] == OwnerSetup.Serial)!.AsObject();
        var newDevice = (JsonObject)third.DeepClone();
        newDevice["serial-number"] = "fuzz-serial-number";
        newDevice["activation-code"] = "$0$Zq4-w8Tx-Kp2v";
        newDevice["sztpd-ext:ownership-vouchers"] = OwnerSetup.Vouchers(("fuzz-voucher", owner.Voucher("fuzz-serial-number")));
        var ownerKey = running["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]!.AsArray().Single(k => (string?)k!["name"] == "owner-key")!.DeepClone().AsObject();
        ownerKey["name"] = "fuzz-key";
        var anchors = TestPki.CmsBase64(owner.Manufacturer.Root);
        return
        [
            new(HttpMethod.Post, "/wn-sztpd-1:devices", new JsonObject { ["wn-sztpd-1:device"] = new JsonArray(newDevice) }),
            new(HttpMethod.Put, $"/wn-sztpd-1:devices/device={OwnerSetup.Serial}", new JsonObject { ["wn-sztpd-1:device"] = new JsonArray(third.DeepClone()) }),
            new(HttpMethod.Patch, "/wn-sztpd-1:keystore", new JsonObject
            {
                ["wn-sztpd-1:keystore"] = new JsonObject { ["asymmetric-keys"] = new JsonObject { ["asymmetric-key"] = new JsonArray(ownerKey) } },
            }),
            new(HttpMethod.Post, "/wn-sztpd-1:truststore/certificate-bags", JsonNode.Parse($$"""
                {"wn-sztpd-1:certificate-bag": [{"name": "fuzz-bag", "certificate": [{"name": "fuzz-anchor", "cert-data": "{{anchors}}"}]}]}
                """)!.AsObject()),
            new(HttpMethod.Put, "/wn-sztpd-1:bootstrap-servers", JsonNode.Parse($$"""
                {"wn-sztpd-1:bootstrap-servers": {"bootstrap-server": [{"name": "fuzz-bootstrap", "address": "192.0.2.1", "port": 8443, "trust-anchor": "{{anchors}}"} ] } }
                """)!.AsObject()),
            new(HttpMethod.Patch, "", new JsonObject
            {
                ["wn-sztpd-1:boot-images"] = running["wn-sztpd-1:boot-images"]!.DeepClone(),
                ["wn-sztpd-1:conveyed-information-responses"] = running["wn-sztpd-1:conveyed-information-responses"]!.DeepClone(),
            }),
            new(HttpMethod.Put, "/wn-sztpd-1:device-types", new JsonObject { ["wn-sztpd-1:device-types"] = running["wn-sztpd-1:device-types"]!.DeepClone() }),
            new(HttpMethod.Post, "/wn-sztpd-1:admin-accounts", JsonNode.Parse("""
                {"wn-sztpd-1:admin-account": [{"email-address": "fuzz@example.com", "password": "$0$Jh7-Rt5m-Xc9b", "access": "read-only"}]}
                """)!.AsObject()),
        ];
    }

    /// <summary>The findings of the attacker's fuzzing, as they were sent.</summary>
    private static IEnumerable<(string Kind, string Path, byte[] Body)> NorthboundCorpus(OwnerSetup owner)
    {
        static byte[] Device(string serialJson, string more = "") =>
            Encoding.UTF8.GetBytes($"{{\"wn-sztpd-1:device\": [{{\"serial-number\": {serialJson}, \"device-type\": \"my-device-type\"{more}}}]}}");
        const string Devices = Running + "/wn-sztpd-1:devices";
        yield return ("invalid UTF-8 in a string", Devices, [.. "{\"wn-sztpd-1:device\": [{\"device-type\": \"my-device-type\", \"serial-number\": \"fuzz-"u8, 0xC3, 0x28, .. "\"}]}"u8]);
        yield return ("invalid UTF-8 in a string", Devices, [.. "{\"wn-sztpd-1:device\": [{\"serial-number\": \"fuzz-u\", \"device-type\": \"my-"u8, 0xFF, .. "\"}]}"u8]);
        yield return ("lone surrogate escape", Devices, Device("\"fuzz-\\ud800\""));
        yield return ("lone surrogate escape in a name", Devices, Encoding.UTF8.GetBytes("{\"wn-sztpd-1:device\": [{\"serial-number\": \"x\", \"device-type\\udc00\": \"my-device-type\"}]}"));
        yield return ("NUL in a list key", Devices, Device("\"fuzz-\\u0000-serial\""));
        yield return ("control character in a list key", Devices, Device("\"fuzz-\\u001b[31m\""));
        yield return ("overlong list key", Devices, Device($"\"{new string('s', 257)}\""));
        yield return ("binary body", Devices, [0x00, 0x01, 0xFF, 0xFE, 0x7B]);
        yield return ("UTF-16 body", Devices, Encoding.Unicode.GetBytes("{\"wn-sztpd-1:device\": []}"));
        yield return ("deep nesting within the depth limit", Devices, Device(new string('[', 120) + "\"x\"" + new string(']', 120)));
        yield return ("activation code without $0$", Devices, Device("\"fuzz-a\"", ", \"activation-code\": \"typed-without-the-prefix\""));
        foreach (var port in new[] { "99999999999999999999999999999999999999999", "1e400", "65536", "18446744073709551616", "-1" })
        {
            yield return ("integer too big for a uint16", Running + "/wn-sztpd-1:bootstrap-servers",
                Encoding.UTF8.GetBytes($"{{\"wn-sztpd-1:bootstrap-server\": [{{\"name\": \"fuzz-b\", \"address\": \"192.0.2.9\", \"port\": {port}}}]}}"));
        }
        var voucher = owner.Voucher("fuzz-v");
        foreach (var at in new[] { voucher.Length - 200, voucher.Length - 400, voucher.Length - 600, voucher.Length / 2 })
        {
            var corrupted = (byte[])voucher.Clone();
            corrupted[at] ^= 0x5A;
            yield return ("corrupted certificate inside an ownership voucher", Devices,
                Device("\"fuzz-v\"", $", \"sztpd-ext:ownership-vouchers\": {OwnerSetup.Vouchers(("v", corrupted)).ToJsonString()}"));
        }
        var key = owner.Owner.Owner;
        yield return ("private key with one bad base64 character", Running + "/wn-sztpd-1:keystore/asymmetric-keys", Encoding.UTF8.GetBytes($$"""
            {"wn-sztpd-1:asymmetric-key": [{"name": "fuzz-k", "public-key-format": "ietf-crypto-types:subject-public-key-info-format",
             "public-key": "{{key.SpkiBase64}}", "private-key-format": "{{key.PrivateKeyFormat}}", "cleartext-private-key": "{{key.PrivateKeyBase64[..20] + "!" + key.PrivateKeyBase64[20..]}}"}]}
            """));
        yield return ("pasted PEM private key", Running + "/wn-sztpd-1:keystore/asymmetric-keys", Encoding.UTF8.GetBytes($$"""
            {"wn-sztpd-1:asymmetric-key": [{"name": "fuzz-k", "public-key-format": "ietf-crypto-types:subject-public-key-info-format",
             "public-key": "{{key.SpkiBase64}}", "private-key-format": "{{key.PrivateKeyFormat}}", "cleartext-private-key": {{JsonSerializer.Serialize(key.PrivateKeyPem)}}}]}
            """));
    }

    private static List<(string Path, string MediaType, byte[] Body)> SouthboundSeeds(OwnerSetup owner)
    {
        var anchors = TestPki.CmsBase64(owner.Manufacturer.Root);
        return
        [
            (Gbd, SouthboundJson, Encoding.UTF8.GetBytes("""
                {"ietf-sztp-bootstrap-server:input": {"signed-data-preferred": [null], "hw-model": "model-x", "os-name": "vendor-os", "os-version": "17.3"}}
                """)),
            (Gbd, SouthboundJson, Encoding.UTF8.GetBytes($$"""
                {"ietf-sztp-bootstrap-server:input": {"signed-data-preferred": [null], "hw-model": "model-x", "nonce": "{{Convert.ToBase64String(Nonce)}}"} }
                """)),
            (Rp, SouthboundJson, Encoding.UTF8.GetBytes($$"""
                {"ietf-sztp-bootstrap-server:input": {"progress-type": "bootstrap-complete", "message": "done",
                  "ssh-host-keys": {"ssh-host-key": [{"algorithm": "ssh-ed25519", "key-data": "AAAAC3NzaC1lZDI1NTE5AAAAIHbKJ2dyWzmUYoQOfTKO4zAO3wCFd1cj6GCNJzBWqyi3"}]},
                  "trust-anchor-certs": {"trust-anchor-cert": ["{{anchors}}"]} } }
                """)),
            (Gbd, SouthboundXml, Encoding.UTF8.GetBytes("""
                <input xmlns="urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server"><signed-data-preferred/><hw-model>model-x</hw-model><os-version>17.3</os-version></input>
                """)),
            (Rp, SouthboundXml, Encoding.UTF8.GetBytes("""
                <input xmlns="urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server"><progress-type>bootstrap-initiated</progress-type><message>starting</message></input>
                """)),
        ];
    }

    private static IEnumerable<(string Kind, string Path, string MediaType, byte[] Body)> SouthboundCorpus()
    {
        static byte[] Input(string member) => Encoding.UTF8.GetBytes($"{{\"ietf-sztp-bootstrap-server:input\": {{{member}}}}}");
        foreach (var rpc in new[] { Gbd, Rp })
        {
            // A member the RPC has, then a string member holding the bad text.
            var (first, text) = rpc == Gbd ? ("\"os-name\": \"vendor-os\"", "hw-model") : ("\"progress-type\": \"bootstrap-initiated\"", "message");
            yield return ("invalid UTF-8 in a string", rpc, SouthboundJson, [.. Input($"{first}, \"{text}\": \"a")[..^2], 0xC3, 0x28, .. "\"}}"u8]);
            yield return ("invalid UTF-8 in a string", rpc, SouthboundJson, [.. Input($"{first}, \"{text}\": \"a")[..^2], 0xFF, .. "\"}}"u8]);
            yield return ("lone surrogate escape", rpc, SouthboundJson, Input($"{first}, \"{text}\": \"a\\udc00b\""));
            yield return ("lone surrogate escape", rpc, SouthboundJson, Input($"{first}, \"{text}\": \"\\ud800\""));
            yield return ("lone surrogate escape in a name", rpc, SouthboundJson, Input($"{first}, \"{text}\\ud800\": \"x\""));
            yield return ("binary body", rpc, SouthboundJson, [0x00, 0x01, 0xFF, 0xFE, 0x7B]);
            yield return ("binary body", rpc, SouthboundJson, [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]);
            yield return ("binary body", rpc, SouthboundXml, [0x3C, 0x00, 0xFF, 0xFE]);
            yield return ("invalid UTF-8 in XML", rpc, SouthboundXml, [.. "<input xmlns=\"urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server\"><progress-type>bootstrap-initiated</progress-type><message>a"u8, 0xFF, .. "</message></input>"u8]);
            yield return ("huge number", rpc, SouthboundJson, Input($"{first}, \"{text}\": 1e400"));
        }
        // Nested up to the parser's depth limit (64) inside members whose errors are tolerated and kept as sent.
        var deep = new string('[', 60) + "1" + new string(']', 60);
        yield return ("deep nesting in a tolerated member", Rp, SouthboundJson,
            Input($"\"progress-type\": \"bootstrap-complete\", \"trust-anchor-certs\": {{\"trust-anchor-cert\": [{deep}]}}"));
        yield return ("deep nesting in a tolerated member", Gbd, SouthboundJson, Input($"\"nonce\": {deep}"));
        yield return ("deep nesting in a tolerated member", Rp, SouthboundJson,
            Input($"\"progress-type\": \"bootstrap-complete\", \"ssh-host-keys\": {{\"ssh-host-key\": [{{\"algorithm\": \"ssh-rsa\", \"key-data\": {new string('[', 57) + "1" + new string(']', 57)}}}]}}"));
    }

    private async Task CheckEditAsync(HttpClient admin, Tally tally, string baseline, IReadOnlyList<string> secrets, HttpMethod method, string path, string kind, byte[] body)
    {
        int status;
        try
        {
            using var r = await SendAsync(admin, method, path, body);
            status = (int)r.StatusCode;
            tally.Count(status);
            CheckAnswer(tally, kind, body, status, r.Content.Headers.ContentType?.MediaType, await r.Content.ReadAsStringAsync(), secrets);
        }
        catch (HttpRequestException e)
        {
            tally.Count(0);
            tally.Fail("crash", kind, body, e.Message);
            return;
        }
        if (status < 300)
        {
            await RestoreAsync(admin, baseline);
        }
        else
        {
            await CheckUnchangedAsync(admin, tally, baseline, kind, body);
        }
    }

    private static void CheckAnswer(Tally tally, string kind, byte[] body, int status, string? mediaType, string text, IReadOnlyList<string> secrets)
    {
        if (status >= 500)
        {
            tally.Fail("5xx", kind, body, $"{status} {text}");
        }
        if (status >= 400 && ErrorTag(mediaType, text) is null)
        {
            tally.Fail("no errors body", kind, body, $"{status} {mediaType} {text}");
        }
        if (status >= 400 && secrets.FirstOrDefault(s => Echoes(text, s)) is { } secret)
        {
            tally.Fail("secret echoed", kind, body, $"{status} (secret {secret}) {text}");
        }
    }

    /// <summary>The first error-tag of an <c>ietf-restconf:errors</c> body (JSON or XML), or null when the body is not one.</summary>
    private static string? ErrorTag(string? mediaType, string text)
    {
        try
        {
            if (mediaType == SouthboundXml)
            {
                XNamespace ns = "urn:ietf:params:xml:ns:yang:ietf-restconf";
                var errors = XElement.Parse(text);
                return errors.Name == ns + "errors" ? (string?)errors.Element(ns + "error")?.Element(ns + "error-tag") : null;
            }
            return mediaType == SouthboundJson
                ? (string?)JsonNode.Parse(text)?["ietf-restconf:errors"]?["error"]?[0]?["error-tag"]
                : null;
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>True when the error messages of <paramref name="text"/> hold 12 consecutive characters of <paramref name="secret"/>.</summary>
    private static bool Echoes(string text, string secret)
    {
        string unescaped;
        try
        {
            unescaped = JsonNode.Parse(text)?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? text;
        }
        catch (JsonException)
        {
            unescaped = text;
        }
        for (var i = 0; i + 12 <= secret.Length; i++)
        {
            var window = secret.Substring(i, 12);
            if (unescaped.Contains(window, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The values of secret leaves in the seeds (private keys, and the cleartext of <c>$0$</c> passwords and activation codes).</summary>
    private static List<string> Secrets(IEnumerable<JsonObject> bodies)
    {
        var secrets = new List<string>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (name, value) in o)
                    {
                        if (name is "cleartext-private-key" && value is JsonValue key)
                        {
                            secrets.Add(PrivatePart((string)key!));
                        }
                        else if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && ((string)v!).StartsWith("$0$", StringComparison.Ordinal))
                        {
                            secrets.Add(((string)v!)[3..]);
                        }
                        Walk(value);
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Walk(item);
                    }
                    break;
            }
        }
        foreach (var body in bodies)
        {
            Walk(body);
        }
        return secrets;
    }

    /// <summary>The start of a base64 EC private key (version and private scalar); the rest is the public point, which errors about the public key may quote.</summary>
    private static string PrivatePart(string key) => key[..Math.Min(52, key.Length)];

    private static async Task CheckUnchangedAsync(HttpClient admin, Tally tally, string baseline, string kind, byte[] body)
    {
        var now = await RunningAsync(admin);
        if (now != baseline)
        {
            tally.Fail("changed after reject", kind, body, "the running datastore differs");
            await RestoreAsync(admin, baseline);
        }
    }

    private static async Task RestoreAsync(HttpClient admin, string baseline)
    {
        using var put = await admin.PutAsync(Running, Json(baseline));
        Assert.True(put.IsSuccessStatusCode, $"restoring the baseline: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        Assert.Equal(baseline, await RunningAsync(admin));
    }

    private static async Task<string> RunningAsync(HttpClient admin)
    {
        using var r = await admin.GetAsync(Running);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, byte[] body, string mediaType = SouthboundJson)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.ParseAdd(mediaType);
        return client.SendAsync(request);
    }
}
