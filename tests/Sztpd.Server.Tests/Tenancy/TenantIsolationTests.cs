using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing.Opi;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Tenancy;

/// <summary>
/// What a tenant's admin can and cannot reach (docs/multi-tenancy.md, "Isolation"): leafrefs resolve inside the tenant,
/// logs, the outbox and the RPCs are the tenant's own or none, the host's ownership check sees the tenant's name, and
/// the host's audit log has every tenant request while a tenant's has only its own.
/// </summary>
public sealed class TenantIsolationTests
{
    private const string Third = "third-serial-number";

    private static async Task<TenancyServer> AlphaAndBetaAsync(Action<JsonObject>? editHost = null)
    {
        var server = await TenancyServer.StartAsync(editHost);
        foreach (var (name, serial) in new[] { ("alpha", Third), ("beta", "first-serial-number") })
        {
            var entry = server.Entry(name, serial);
            if (name == "beta")
            {
                // What only beta has: a device type, a boot image, a trust bag, a response, a callout relaying its
                // progress reports (to a port nothing listens on), an admin.
                entry["wn-sztpd-1:device-types"]!["device-type"]!.AsArray().Add(JsonNode.Parse("""{"name": "beta-only-type"}"""));
                entry["wn-sztpd-1:boot-images"]!["boot-image"]!.AsArray().Add(JsonNode.Parse("""{"name": "beta-only-image", "download-uri": ["https://web/beta.img"]}"""));
                entry["wn-sztpd-1:truststore"]!["certificate-bags"]!["certificate-bag"]!.AsArray().Add(JsonNode.Parse("""{"name": "beta-only-bag"}"""));
                entry["wn-sztpd-1:conveyed-information-responses"]!["onboarding-information-response"]!.AsArray().Add(
                    JsonNode.Parse("""{"name": "beta-only-response", "onboarding-information": {"boot-image": "beta-only-image"}}"""));
                entry["wn-sztpd-1:dynamic-callouts"] = JsonNode.Parse("""
                    {"dynamic-callout": [{"name": "beta-only-callout", "rpc-supported": "wn-sztpd-rpcs:report-progress",
                      "webhooks": {"webhook": [{"name": "w", "http": {"tcp-client-parameters": {"remote-address": "127.0.0.1", "remote-port": 9}}}]}}]}
                    """);
                entry["wn-sztpd-1:preferences"] = JsonNode.Parse("""{"outbound-interactions": {"relay-progress-report-callout": "beta-only-callout"}}""");
                entry["wn-sztpd-1:admin-accounts"]!["admin-account"]!.AsArray().Add(JsonNode.Parse("""{"email-address": "beta-only-admin@example.com", "password": "$0$beta-secret", "access": "read-only"}"""));
            }
            using var created = await server.CreateTenantAsync(entry);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
        return server;
    }

    [Fact]
    public async Task ALeafref_ResolvesInsideTheTenant_NotInAnother()
    {
        await using var server = await AlphaAndBetaAsync();
        using var alpha = server.TenantAdmin("alpha");

        using var r = await alpha.PostAsync($"{Running}/wn-sztpd-1:devices",
            Json("""{"wn-sztpd-1:device": [{"serial-number": "alpha-new", "device-type": "beta-only-type"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("instance-required", (string?)error["error-app-tag"]);
        Assert.DoesNotContain("beta", (string?)error["error-path"] ?? "", StringComparison.Ordinal);
    }

    /// <summary>
    /// Beta's admin request, its device's error report, the notice and the relay message it causes are beta's: alpha's
    /// audit log, notification log and outbox show none of them (the host's audit log has the admin's request too).
    /// Alpha has no RPCs and no metrics.
    /// </summary>
    [Fact]
    public async Task ATenantsLogsAndOutbox_AreItsOwn_AndItHasNoRpcsNorMetrics()
    {
        await using var server = await AlphaAndBetaAsync();
        using var alpha = server.TenantAdmin("alpha");
        using var beta = server.TenantAdmin("beta");
        using (var read = await beta.GetAsync($"{Running}/wn-sztpd-1:devices"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        using (var device = server.Device("first-serial-number"))
        using (var report = await device.PostAsync(Rp, Json("""{"ietf-sztp-bootstrap-server:input": {"progress-type": "bootstrap-error", "message": "beta's"}}""")))
        {
            Assert.Equal(HttpStatusCode.NoContent, report.StatusCode);
        }

        await server.Process.LogsSettledAsync();
        async Task<JsonArray> EntriesAsync(HttpClient client, string node) =>
            JsonNode.Parse(await client.GetStringAsync($"{Operational}/{node}"))![node]!["log-entry"]!.AsArray();
        async Task<string?> PendingAsync(HttpClient client) =>
            (string?)JsonNode.Parse(await client.GetStringAsync($"{Operational}/sztpd-ext:outbox"))!["sztpd-ext:outbox"]!["pending"];
        var operations = JsonNode.Parse(await alpha.GetStringAsync("/restconf/operations"))!;
        using var retry = await alpha.PostAsync("/restconf/operations/sztpd-ext:discard-dead-messages", Json("""{"sztpd-ext:input": {"all": [null]}}"""));
        using var metrics = await alpha.GetAsync("/metrics");

        Assert.DoesNotContain(await EntriesAsync(alpha, "wn-sztpd-1:audit-log"), e => ((string?)e!["comment"] ?? "").Contains("beta", StringComparison.Ordinal));
        Assert.Contains(await EntriesAsync(beta, "wn-sztpd-1:audit-log"), e => (string?)e!["comment"] == $"{TenancyServer.Admin("beta")}: ok");
        Assert.Contains(await EntriesAsync(server.Host, "wn-sztpd-1:audit-log"), e => (string?)e!["comment"] == $"tenant beta: {TenancyServer.Admin("beta")}: ok");
        Assert.Empty(await EntriesAsync(alpha, "sztpd-ext:notification-log"));
        Assert.Equal("bootstrap-error", (string?)Assert.Single(await EntriesAsync(beta, "sztpd-ext:notification-log"))!["event"]);
        Assert.Equal(("0", "1"), (await PendingAsync(alpha), await PendingAsync(beta)));
        // The tenant's RPCs are on its certificates only; the outbox is the host's.
        Assert.Equal("""{"sztpd-ext:revoke-certificate":[null],"sztpd-ext:export-certificate":[null],"sztpd-ext:renew-certificate":[null]}""",
            operations["ietf-restconf:operations"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
    }

    /// <summary>
    /// Every way alpha's admin may name beta's device answers exactly as for a device that exists nowhere (the serial
    /// number aside): nothing tells alpha beta's device exists, and nothing of it changes.
    /// </summary>
    [Theory]
    [InlineData("GET", "/restconf/ds/ietf-datastores:running/wn-sztpd-1:devices/device={0}", null)]
    [InlineData("HEAD", "/restconf/ds/ietf-datastores:running/wn-sztpd-1:devices/device={0}", null)]
    [InlineData("GET", "/restconf/ds/ietf-datastores:operational/wn-sztpd-1:devices/device={0}/bootstrapping-log", null)]
    [InlineData("GET", "/restconf/data/wn-sztpd-1:devices/device={0}/device-type", null)]
    [InlineData("DELETE", "/restconf/ds/ietf-datastores:running/wn-sztpd-1:devices/device={0}", null)]
    [InlineData("PATCH", "/restconf/ds/ietf-datastores:running/wn-sztpd-1:devices/device={0}", """{"wn-sztpd-1:device": [{"serial-number": "{0}", "device-type": "my-device-type"}]}""")]
    [InlineData("PUT", "/restconf/ds/ietf-datastores:running/wn-sztpd-1:devices/device={0}/activation-code", """{"wn-sztpd-1:activation-code": "$0$taken-over"}""")]
    [InlineData("POST", "/restconf/ds/ietf-datastores:running/wn-sztpd-1:devices/device={0}/response-manager", """{"wn-sztpd-1:matched-response": [{"name": "x"}]}""")]
    [InlineData("POST", "/restconf/ds/ietf-datastores:running/wn-sztpd-1:devices/device=third-serial-number/response-manager?insert=before&point=/wn-sztpd-1:devices/device={0}/response-manager/matched-response=catch-all-response",
        """{"wn-sztpd-1:matched-response": [{"name": "before-{0}", "response": {"none": [null]}}]}""")]
    [InlineData("GET", "/restconf/ds/ietf-datastores:running/wn-sztpd-x:tenants/tenant=beta", null)]
    public async Task AnotherTenantsDevice_AnswersAsOneThatExistsNowhere(string method, string path, string? body)
    {
        await using var server = await AlphaAndBetaAsync();
        using var alpha = server.TenantAdmin("alpha");
        var before = await server.Host.GetStringAsync($"{Running}/wn-sztpd-x:tenants/tenant=beta");

        async Task<(HttpStatusCode, string)> SendAsync(string serial, bool encoded)
        {
            var target = string.Format(System.Globalization.CultureInfo.InvariantCulture, path, encoded ? Uri.EscapeDataString(serial).Replace("-", "%2D", StringComparison.Ordinal) : serial);
            using var request = new HttpRequestMessage(new HttpMethod(method), target);
            if (body is not null)
            {
                request.Content = Json(body.Replace("{0}", serial, StringComparison.Ordinal));
            }
            using var r = await alpha.SendAsync(request);
            return (r.StatusCode, (await r.Content.ReadAsStringAsync()).Replace(serial, "SN", StringComparison.Ordinal));
        }

        foreach (var encoded in new[] { false, true })
        {
            var beta = await SendAsync("first-serial-number", encoded);
            var nowhere = await SendAsync("never-configured", encoded);
            Assert.Equal(nowhere, beta);
        }
        Assert.Equal(before, await server.Host.GetStringAsync($"{Running}/wn-sztpd-x:tenants/tenant=beta"));
    }

    /// <summary>
    /// Every other kind of resource beta alone has, named by alpha's admin, answers as one that exists nowhere: its
    /// device types, boot images, trust bags, responses, callouts and admin accounts are not alpha's to see or change.
    /// </summary>
    [Theory]
    [InlineData("GET", "wn-sztpd-1:device-types/device-type={0}", null)]
    [InlineData("DELETE", "wn-sztpd-1:device-types/device-type={0}", null)]
    [InlineData("GET", "wn-sztpd-1:boot-images/boot-image={0}", null)]
    [InlineData("PATCH", "wn-sztpd-1:boot-images/boot-image={0}", """{"wn-sztpd-1:boot-image": [{"name": "{0}", "os-name": "x"}]}""")]
    [InlineData("GET", "wn-sztpd-1:truststore/certificate-bags/certificate-bag={0}", null)]
    [InlineData("DELETE", "wn-sztpd-1:truststore/certificate-bags/certificate-bag={0}", null)]
    [InlineData("GET", "wn-sztpd-1:conveyed-information-responses/onboarding-information-response={0}", null)]
    [InlineData("GET", "wn-sztpd-1:dynamic-callouts/dynamic-callout={0}", null)]
    [InlineData("DELETE", "wn-sztpd-1:dynamic-callouts/dynamic-callout={0}", null)]
    [InlineData("GET", "wn-sztpd-1:admin-accounts/admin-account={0}", null)]
    [InlineData("PUT", "wn-sztpd-1:admin-accounts/admin-account={0}/password", """{"wn-sztpd-1:password": "$0$taken-over"}""")]
    public async Task AnotherTenantsResource_AnswersAsOneThatExistsNowhere(string method, string path, string? body)
    {
        await using var server = await AlphaAndBetaAsync();
        using var alpha = server.TenantAdmin("alpha");
        var before = await server.Host.GetStringAsync($"{Running}/wn-sztpd-x:tenants/tenant=beta");
        var kind = path.Split('/')[^1].Split('=')[0] is "password" ? "admin" : path.Split('=')[0].Split('/')[^1];
        var beta = kind switch
        {
            "device-type" => "beta-only-type",
            "boot-image" => "beta-only-image",
            "certificate-bag" => "beta-only-bag",
            "onboarding-information-response" => "beta-only-response",
            "dynamic-callout" => "beta-only-callout",
            _ => "beta-only-admin@example.com",
        };

        async Task<(HttpStatusCode, string)> SendAsync(string name)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"{Running}/{path.Replace("{0}", Uri.EscapeDataString(name), StringComparison.Ordinal)}");
            if (body is not null)
            {
                request.Content = Json(body.Replace("{0}", name, StringComparison.Ordinal));
            }
            using var r = await alpha.SendAsync(request);
            return (r.StatusCode, (await r.Content.ReadAsStringAsync()).Replace(Uri.EscapeDataString(name), "NAME", StringComparison.Ordinal).Replace(name, "NAME", StringComparison.Ordinal));
        }

        Assert.Equal(await SendAsync("never-configured-" + kind), await SendAsync(beta));
        Assert.Equal(before, await server.Host.GetStringAsync($"{Running}/wn-sztpd-x:tenants/tenant=beta"));
    }

    /// <summary>What is the host's is refused in a tenant's tree, each with its reason.</summary>
    [Theory]
    [InlineData("wn-sztpd-1:transport", """{"listen": {"endpoint": [{"name": "x", "use-for": "wn-app:native-interface", "http": {"tcp-server-parameters": {"local-address": "127.0.0.1", "local-port": 1}}}]}}""", "The transport (listeners) is the host's")]
    [InlineData("wn-sztpd-1:preferences", """{"system": {"plugins": {"plugin": [{"name": "p"}]}}}""", "Plugins are the host's")]
    [InlineData("wn-sztpd-1:preferences", """{"sztpd-ext:authentication": {"password-aging-timeout": 30}}""", "Password aging")]
    public async Task WhatIsTheHosts_IsRefusedInATenant(string node, string value, string reason)
    {
        await using var server = await AlphaAndBetaAsync();
        using var alpha = server.TenantAdmin("alpha");

        using var r = await alpha.PatchAsync(Running, Json(new JsonObject { [node] = JsonNode.Parse(value) }));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.StartsWith(reason, (string?)(await ErrorAsync(r))["error-message"], StringComparison.Ordinal);
    }

    /// <summary>The host's device-ownership-verification is asked, with the tenant's name, before a tenant's device is created.</summary>
    [Fact]
    public async Task TheHostsOwnershipCheck_SeesTheTenant_AndARefusalCreatesNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync(request =>
        {
            var input = JsonNode.Parse(request.Body)!["wn-sztpd-rpcs:input"]!;
            var results = new JsonArray([.. input["serial-number"]!.AsArray().Select(s => (JsonNode)new JsonObject
            {
                ["serial-number"] = (string)s!,
                ["result"] = (string?)input["tenant"] == "alpha" && !((string)s!).StartsWith("stolen", StringComparison.Ordinal) ? "success" : "failure",
            })]);
            return Task.FromResult<(int, string?)>((200, new JsonObject { ["wn-sztpd-rpcs:output"] = new JsonObject { ["verification-results"] = new JsonObject { ["verification-result"] = results } } }.ToJsonString()));
        });
        await using var server = await TenancyServer.StartAsync(host =>
        {
            host["wn-sztpd-1:dynamic-callouts"] = new JsonObject { ["dynamic-callout"] = new JsonArray(CalloutSetup.Callout("owners", "verify-device-ownership", null, CalloutSetup.Http("registry", receiver.Port))) };
            host["wn-sztpd-1:preferences"] = JsonNode.Parse("""{"wn-sztpd-x:device-ownership-verification": {"dynamic-callout": "owners"}}""");
        });
        using (var alphaCreated = await server.CreateTenantAsync(server.Entry("alpha", Third)))
        {
            Assert.Equal(HttpStatusCode.Created, alphaCreated.StatusCode);
        }
        using var betaRefused = await server.CreateTenantAsync(server.Entry("beta", "first-serial-number"));
        using var alpha = server.TenantAdmin("alpha");

        using var stolen = await alpha.PostAsync($"{Running}/wn-sztpd-1:devices",
            Json("""{"wn-sztpd-1:device": [{"serial-number": "stolen-1", "device-type": "my-device-type"}]}"""));
        using var gone = await alpha.GetAsync($"{Running}/wn-sztpd-1:devices/device=stolen-1");

        Assert.Equal("""{"wn-sztpd-rpcs:input":{"tenant":"alpha","serial-number":["third-serial-number"]}}""", receiver.Requests[0].Body);
        Assert.Equal(HttpStatusCode.BadRequest, betaRefused.StatusCode);
        Assert.Equal("Unable to verify ownership for device: first-serial-number", (string?)(await ErrorAsync(betaRefused))["error-message"]);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Equal("Unable to verify ownership for device: stolen-1", (string?)(await ErrorAsync(stolen))["error-message"]);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    /// <summary>A tenant's expiring certificate is notified in the tenant's notification log, not the host's.</summary>
    [Fact]
    public async Task ATenantsExpiringCertificate_IsNotifiedInItsOwnLog()
    {
        await using var server = await TenancyServer.StartAsync();
        using var root = server.Pki.Pki.CreateRoot("CN=Alpha root, O=Sztpd Test");
        using var expiring = root.IssueEndEntity("CN=Alpha expiring, O=Sztpd Test", new Sztpd.Testing.Pki.TestCertificateOptions { NotAfter = server.Pki.Pki.Now.AddDays(10).AddMinutes(30) });
        var entry = server.Entry("alpha", Third);
        entry["wn-sztpd-1:keystore"] = new JsonObject { ["asymmetric-keys"] = new JsonObject { ["asymmetric-key"] = new JsonArray(KeyEntry("short-lived", "short-lived-cert", expiring)) } };
        using (var created = await server.CreateTenantAsync(entry))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var mark = server.Process.OutputMark;
        server.Process.Time.Advance(TimeSpan.FromHours(1));
        await server.Process.WaitForOutputAsync($"expiry scan up to {Sztpd.Core.Datastore.RunningDatastore.Timestamp(server.Process.Time.GetUtcNow())}", mark);
        using var alpha = server.TenantAdmin("alpha");
        var tenantLog = JsonNode.Parse(await alpha.GetStringAsync($"{Operational}/sztpd-ext:notification-log"))!["sztpd-ext:notification-log"]!["log-entry"]!.AsArray();
        var hostLog = JsonNode.Parse(await server.Host.GetStringAsync($"{Operational}/sztpd-ext:notification-log"))!["sztpd-ext:notification-log"]!["log-entry"]!.AsArray();

        var record = Assert.Single(tenantLog)!;
        Assert.Equal("certificate-expiring", (string?)record["event"]);
        Assert.Contains("CN=Alpha expiring", (string?)record["subject"], StringComparison.Ordinal);
        Assert.DoesNotContain(hostLog, r => ((string?)r!["subject"] ?? "").Contains("Alpha", StringComparison.Ordinal));
    }

    /// <summary>Tenants live in the database: a restarted sztpd serves them as before; a tenant's private keys are stored sealed, as the host's.</summary>
    [Fact]
    public async Task Tenants_SurviveARestart()
    {
        using var dir = new Sztpd.Testing.TempDirectory();
        var url = $"sqlite:///{Path.Combine(dir.Path, "x.db")}";
        var port = Sztpd.Testing.Processes.SztpdProcess.FreePort();
        var (key, privateKey) = NewEcKey("tenant-key");
        await using (var first = await InProcessSztpd.StartAsync(url, port: port, mode: "x"))
        {
            first.UseBasic(OpiTemplate.AdminEmail, OpiTemplate.AdminPassword);
            using var host = await first.Client.PatchAsync(Running, Json("""
                {"wn-sztpd-1:admin-accounts": {"admin-account": [{"email-address": "my-admin@example.com", "password": "$0$my-secret", "access": "unrestricted"}]}}
                """));
            Assert.Equal(HttpStatusCode.NoContent, host.StatusCode);
            using var created = await first.Client.PostAsync($"{Running}/wn-sztpd-x:tenants", Json("""
                {"wn-sztpd-x:tenant": [{"name": "alpha", "wn-sztpd-1:admin-accounts": {"admin-account": [{"email-address": "a@alpha.example.com", "password": "$0$a-secret", "access": "unrestricted"}]},
                  "wn-sztpd-1:device-types": {"device-type": [{"name": "t"}]}, "wn-sztpd-1:devices": {"device": [{"serial-number": "SN-1", "device-type": "t"}]}}]}
                """));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var keyed = await first.Client.PostAsync($"{Running}/wn-sztpd-x:tenants/tenant=alpha/wn-sztpd-1:keystore/asymmetric-keys",
                Json(new JsonObject { ["wn-sztpd-1:asymmetric-key"] = new JsonArray(key) }));
            Assert.True(keyed.StatusCode == HttpStatusCode.Created, await keyed.Content.ReadAsStringAsync());
        }
        await using (var raw = await Sztpd.Storage.DataStoreFactory.OpenAsync(Sztpd.Storage.DatabaseUrl.Parse(url), null, TestContext.Current.CancellationToken))
        {
            var stored = (await raw.LoadTopLevelAsync(TestContext.Current.CancellationToken))["tenant/alpha/wn-sztpd-1:keystore"];
            Assert.DoesNotContain(privateKey, stored, StringComparison.Ordinal);
            Assert.Contains("\"sealed-private-key\":\"aes-256-gcm:", stored, StringComparison.Ordinal);
        }
        await using var second = await InProcessSztpd.StartAsync(url, port: port);
        second.UseBasic(OpiTemplate.AdminEmail, OpiTemplate.AdminPassword);

        var devices = JsonNode.Parse(await second.Client.GetStringAsync($"{Running}/wn-sztpd-x:tenants/tenant=alpha/wn-sztpd-1:devices"))!;

        Assert.Equal("SN-1", (string?)devices["wn-sztpd-1:devices"]!["device"]![0]!["serial-number"]);
        var served = JsonNode.Parse(await second.Client.GetStringAsync($"{Running}/wn-sztpd-x:tenants/tenant=alpha/wn-sztpd-1:keystore"))!;
        Assert.Equal(privateKey, (string?)served["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]![0]!["cleartext-private-key"]);
    }
}
