using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing.Opi;
using Sztpd.Testing.Pki;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Tenancy;

/// <summary>
/// Mode x (docs/multi-tenancy.md): tenants created by the host, each administered on the tenant interface as a mode-1
/// tree of its own; devices of all tenants bootstrap through one device listener from their own tenant's
/// configuration; a tenant deleted whole.
/// </summary>
public sealed class TenancyTests
{
    private const string Third = "third-serial-number";
    private const string First = "first-serial-number";

    /// <summary>
    /// Tenants "alpha" (device "third") and "beta" (device "first"), beta's "third-onboarding-information" pointing at the
    /// first boot image: a device gets its own tenant's response of that name.
    /// </summary>
    private static async Task<TenancyServer> TwoTenantsAsync(Action<JsonObject>? editHost = null)
    {
        var server = await TenancyServer.StartAsync(editHost);
        using (var alpha = await server.CreateTenantAsync(server.Entry("alpha", Third)))
        {
            Assert.True(alpha.StatusCode == HttpStatusCode.Created, await alpha.Content.ReadAsStringAsync());
        }
        var beta = server.Entry("beta", First);
        var onboarding = beta["wn-sztpd-1:conveyed-information-responses"]!["onboarding-information-response"]!.AsArray();
        onboarding.Single(r => (string?)r!["name"] == "third-onboarding-information")!["onboarding-information"]!["boot-image"] = "first-boot-image.img";
        using (var created = await server.CreateTenantAsync(beta))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
        return server;
    }

    private static async Task<string> BootImageAsync(HttpClient device)
    {
        using var r = await device.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {}}"""));
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, text);
        var info = JsonNode.Parse(DecodeConveyed(text).Payload)!["ietf-sztp-conveyed-info:onboarding-information"]!;
        return (string)info["boot-image"]!["download-uri"]![0]!;
    }

    [Fact]
    public async Task DevicesOfTwoTenants_BootstrapThroughOneListener_EachFromItsOwnTenant()
    {
        await using var server = await TwoTenantsAsync();
        using var third = server.Device(Third);
        using var first = server.Device(First);

        var thirdImage = await BootImageAsync(third);
        var firstImage = await BootImageAsync(first);

        Assert.Contains("third-boot-image", thirdImage, StringComparison.Ordinal);
        Assert.Contains("first-boot-image", firstImage, StringComparison.Ordinal);
        // The device's bootstrapping log is its tenant's, read by the tenant's admin.
        Assert.NotEmpty(await server.BootstrappingLogAsync("alpha", Third));
    }

    /// <summary>
    /// Each tenant signs with its own owner key, sending its own owner certificate and its device's voucher: a device
    /// verifies the signature with its tenant's owner certificate, and not with the other tenant's.
    /// </summary>
    [Fact]
    public async Task EachTenant_SignsItsDevicesResponses_WithItsOwnOwnerKey()
    {
        await using var server = await TenancyServer.StartAsync();
        using var manufacturer = new TestVoucherSigner(server.Pki.Pki);
        var owners = new Dictionary<string, TestOwner>();
        try
        {
            foreach (var (name, serial) in new[] { ("alpha", Third), ("beta", First) })
            {
                var owner = owners[name] = new TestOwner(server.Pki.Pki, name + "-owner");
                var entry = server.Entry(name, serial);
                entry["wn-sztpd-1:keystore"] = new JsonObject { ["asymmetric-keys"] = new JsonObject { ["asymmetric-key"] = new JsonArray(KeyEntry("owner-key", "owner-cert", owner.Owner, owner.Intermediate)) } };
                entry["wn-sztpd-1:truststore"]!["certificate-bags"]!["certificate-bag"]!.AsArray().Add(new JsonObject
                {
                    ["name"] = "manufacturer-anchors",
                    ["certificate"] = new JsonArray(new JsonObject { ["name"] = "masa-root", ["cert-data"] = TestPki.CmsBase64(manufacturer.Root) }),
                });
                entry["wn-sztpd-1:device-types"]!["device-type"]![0]!["sztpd-ext:signed-data"] = JsonNode.Parse("""
                    {"owner-certificate": {"asymmetric-key": "owner-key", "certificate": "owner-cert"}, "voucher-trust-anchors": "manufacturer-anchors", "sign-responses": "always"}
                    """);
                var voucher = TestVouchers.Create(manufacturer, serial, owner.Root.Certificate, server.Pki.Pki.Now.AddMinutes(-30), server.Pki.Pki.Now.AddDays(1), null);
                entry["wn-sztpd-1:devices"]!["device"]![0]!["sztpd-ext:ownership-vouchers"] = OwnerSetup.Vouchers(("v1", voucher));
                using var created = await server.CreateTenantAsync(entry);
                Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            }

            foreach (var (name, serial, other) in new[] { ("alpha", Third, "beta"), ("beta", First, "alpha") })
            {
                using var device = server.Device(serial);
                using var r = await device.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {}}"""));
                var text = await r.Content.ReadAsStringAsync();
                Assert.True(r.StatusCode == HttpStatusCode.OK, text);
                var output = JsonNode.Parse(text)!["ietf-sztp-bootstrap-server:output"]!;
                var signed = new System.Security.Cryptography.Pkcs.SignedCms();
                signed.Decode(Convert.FromBase64String((string)output["conveyed-information"]!));
                signed.CheckSignature([owners[name].Owner.Certificate], verifySignatureOnly: true);
                Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => signed.CheckSignature([owners[other].Owner.Certificate], verifySignatureOnly: true));
                var sent = Sztpd.Pki.Cms.CmsCertificates.Decode(Convert.FromBase64String((string)output["owner-certificate"]!));
                Assert.Contains(sent.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>(), c => c.RawData.SequenceEqual(owners[name].Owner.Certificate.RawData));
            }
        }
        finally
        {
            foreach (var owner in owners.Values)
            {
                owner.Dispose();
            }
        }
    }

    /// <summary>A tenant's device type with a serial-number rule names a device the default rule does not: it is found in that tenant.</summary>
    [Fact]
    public async Task ATenantsSerialNumberRule_FindsItsDevice()
    {
        await using var server = await TwoTenantsAsync();
        // A device with a certificate alone: the rules are gathered before gamma exists, and must be gathered again after.
        using (var early = server.CertificateOnly("second-serial-number"))
        using (var refused = await early.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {}}""")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        var gamma = server.Entry("gamma");
        var types = gamma["wn-sztpd-1:device-types"]!["device-type"]!.AsArray();
        var ruled = types[0]!.DeepClone().AsObject();
        ruled["name"] = "ruled";
        ruled["sztpd-ext:serial-number-regex"] = JsonNode.Parse("""{"regex": "^second-(.*)$"}""");
        types.Add(ruled);
        var device = gamma["wn-sztpd-1:conveyed-information-responses"]!["onboarding-information-response"]![1]!["name"]!.GetValue<string>();
        gamma["wn-sztpd-1:devices"]!["device"]!.AsArray().Add(JsonNode.Parse($$"""
            {"serial-number": "serial-number", "device-type": "ruled", "response-manager": {"matched-response": [{"name": "all",
              "response": {"conveyed-information": {"onboarding-information": {"reference": "{{device}}"} } } }]} }
            """));
        using (var created = await server.CreateTenantAsync(gamma))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
        using var second = server.CertificateOnly("second-serial-number");

        Assert.Contains("second-boot-image", await BootImageAsync(second), StringComparison.Ordinal);
        Assert.NotEmpty(await server.BootstrappingLogAsync("gamma", "serial-number"));
    }

    [Fact]
    public async Task ATenantAdmin_SeesItsOwnTreeAsMode1_AndNothingOfAnotherTenant()
    {
        await using var server = await TwoTenantsAsync();
        using var alpha = server.TenantAdmin("alpha");

        var running = JsonNode.Parse(await alpha.GetStringAsync(Running))!.AsObject();
        using var other = await alpha.GetAsync($"{Running}/wn-sztpd-1:devices/device={First}");
        using var deleteOther = await alpha.DeleteAsync($"{Running}/wn-sztpd-1:devices/device={First}");
        using var patchOther = await alpha.PatchAsync($"{Running}/wn-sztpd-1:devices/device={First}",
            Json($$"""{"wn-sztpd-1:device": [{"serial-number": "{{First}}", "device-type": "my-device-type"}]}"""));
        using var claim = await alpha.PostAsync($"{Running}/wn-sztpd-1:devices",
            Json($$"""{"wn-sztpd-1:device": [{"serial-number": "{{First}}", "device-type": "my-device-type"}]}"""));
        using var transport = await alpha.GetAsync($"{Running}/wn-sztpd-1:transport");

        Assert.Equal([Third], running["wn-sztpd-1:devices"]!["device"]!.AsArray().Select(d => (string?)d!["serial-number"]));
        Assert.False(running.ContainsKey("wn-sztpd-x:tenants"));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleteOther.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, patchOther.StatusCode); // as for a device that exists nowhere
        Assert.Equal(HttpStatusCode.BadRequest, claim.StatusCode);
        Assert.Equal($"The serial number \"{First}\" is not available here.", (string?)(await ErrorAsync(claim))["error-message"]);
        Assert.Equal(HttpStatusCode.NotFound, transport.StatusCode);
        // Beta's device is still beta's, unchanged.
        using var host = await server.Host.GetAsync($"{Running}/wn-sztpd-x:tenants/tenant=beta/wn-sztpd-1:devices/device={First}");
        Assert.Equal(HttpStatusCode.OK, host.StatusCode);
        Assert.Equal("my-device-type", (string?)JsonNode.Parse(await host.Content.ReadAsStringAsync())!["wn-sztpd-1:device"]![0]!["device-type"]);
    }

    /// <summary>A mode-1 tool works for a tenant unchanged: the tenant's admin PUTs the opi running configuration (without its transport) at the mode-1 path.</summary>
    [Fact]
    public async Task ATenantAdmin_PutsAMode1Configuration_AtTheMode1Path()
    {
        await using var server = await TwoTenantsAsync();
        using var alpha = server.TenantAdmin("alpha");
        var opi = JsonNode.Parse(OpiTemplate.Running(server.Pki, server.NbiPort, server.SbiPort))!.AsObject();
        opi.Remove("wn-sztpd-1:transport");
        opi.Remove("wn-sztpd-1:keystore");
        opi["wn-sztpd-1:admin-accounts"] = JsonNode.Parse($$"""{"admin-account": [{"email-address": "{{TenancyServer.Admin("alpha")}}", "password": "$0${{TenancyServer.TenantPassword}}", "access": "unrestricted"}]}""");
        opi["wn-sztpd-1:devices"]!["device"]!.AsArray().RemoveAt(0); // "first" is beta's

        using var put = await alpha.PutAsync(Running, Json(opi));
        var devices = JsonNode.Parse(await alpha.GetStringAsync($"{Running}/wn-sztpd-1:devices"))!;

        Assert.True(put.StatusCode == HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
        Assert.Equal(["second-serial-number", Third], devices["wn-sztpd-1:devices"]!["device"]!.AsArray().Select(d => (string?)d!["serial-number"]));
        using var second = server.Device("second-serial-number");
        Assert.Contains("second-boot-image", await BootImageAsync(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostAdmins_AndTenantAdmins_UseOnlyTheirOwnInterface()
    {
        await using var server = await TwoTenantsAsync();
        using var hostOnTenantInterface = TenancyServer.Client(server.TenantPort, OpiTemplate.AdminEmail, OpiTemplate.AdminPassword);
        using var tenantOnNative = TenancyServer.Client(server.NbiPort, TenancyServer.Admin("alpha"), TenancyServer.TenantPassword);

        using var refusedHost = await hostOnTenantInterface.GetAsync(Running);
        using var refusedTenant = await tenantOnNative.GetAsync(Running);

        Assert.Equal(HttpStatusCode.Unauthorized, refusedHost.StatusCode);
        Assert.Contains($"Host-level admins cannot use tenant interface ({OpiTemplate.AdminEmail}).", await refusedHost.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedTenant.StatusCode);
        Assert.Contains("Tenant-level admins cannot use the native interface", await refusedTenant.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The host reads and edits a tenant at /wn-sztpd-x:tenants/tenant=NAME/..., its error paths in its own terms.</summary>
    [Fact]
    public async Task TheHost_ReadsAndEditsATenant_AtItsPath()
    {
        await using var server = await TwoTenantsAsync();
        var tenantDevice = $"{Running}/wn-sztpd-x:tenants/tenant=alpha/wn-sztpd-1:devices/device={Third}";

        using var patched = await server.Host.PatchAsync(tenantDevice,
            Json($$"""{"wn-sztpd-1:device": [{"serial-number": "{{Third}}", "device-type": "my-device-type", "activation-code": "$0$changed-by-host"}]}"""));
        using var bad = await server.Host.PatchAsync(tenantDevice,
            Json($$"""{"wn-sztpd-1:device": [{"serial-number": "{{Third}}", "device-type": "no-such-type"}]}"""));
        var all = JsonNode.Parse(await server.Host.GetStringAsync(Running))!;

        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        using var device = server.Device(Third);
        using var oldCode = await device.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {}}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, oldCode.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("/wn-sztpd-x:tenants/tenant=alpha/wn-sztpd-1:devices/device", (string?)(await ErrorAsync(bad))["error-path"], StringComparison.Ordinal);
        Assert.Equal(["alpha", "beta"], all["wn-sztpd-x:tenants"]!["tenant"]!.AsArray().Select(t => (string?)t!["name"]));
        Assert.Equal(TenancyServer.Admin("alpha"), (string?)all["wn-sztpd-x:tenants"]!["tenant"]![0]!["wn-sztpd-1:admin-accounts"]!["admin-account"]![0]!["email-address"]);
    }

    [Fact]
    public async Task AnAdminAddress_IsUniqueAcrossTheServer()
    {
        await using var server = await TwoTenantsAsync();
        var gamma = server.Entry("gamma");
        gamma["wn-sztpd-1:admin-accounts"]!["admin-account"]![0]!["email-address"] = TenancyServer.Admin("alpha");

        using var taken = await server.CreateTenantAsync(gamma);
        using var host = await server.Host.PostAsync($"{Running}/wn-sztpd-1:admin-accounts",
            Json($$"""{"wn-sztpd-1:admin-account": [{"email-address": "{{TenancyServer.Admin("beta")}}", "password": "$0$x-secret", "access": "read-only"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("admin e-mail addresses are unique across the server", (string?)(await ErrorAsync(taken))["error-message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, host.StatusCode);
        using var gone = await server.Host.GetAsync($"{Running}/wn-sztpd-x:tenants/tenant=gamma");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    /// <summary>Deleting a tenant removes all of it at once: its devices are found nowhere, its admins are unknown.</summary>
    [Fact]
    public async Task DeletingATenant_StopsItsDevices_AndRemovesItsAdmins()
    {
        await using var server = await TwoTenantsAsync();
        using var third = server.Device(Third);
        Assert.Contains("third-boot-image", await BootImageAsync(third), StringComparison.Ordinal);

        using var deleted = await server.Host.DeleteAsync($"{Running}/wn-sztpd-x:tenants/tenant=alpha");
        using var refused = await third.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {}}"""));
        using var alpha = server.TenantAdmin("alpha");
        using var admin = await alpha.GetAsync(Running);
        var tenants = JsonNode.Parse(await server.Host.GetStringAsync($"{Running}/wn-sztpd-x:tenants"))!;

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
        Assert.Equal(["beta"], tenants["wn-sztpd-x:tenants"]!["tenant"]!.AsArray().Select(t => (string?)t!["name"]));
        await server.Process.LogsSettledAsync();
        var audit = JsonNode.Parse(await server.Host.GetStringAsync($"{Operational}/wn-sztpd-1:audit-log"))!["wn-sztpd-1:audit-log"]!["log-entry"]!.AsArray();
        Assert.Contains(audit, e => (string?)e!["comment"] == $"Device \"{Third}\" not found for any tenant.");
    }

    /// <summary>
    /// A tenant deleted while its device and its admin keep sending requests: each is answered as before the delete or
    /// as after it (never 500), every request sent after it is refused, the other tenant is untouched, and the serial
    /// number is free again with no log left behind.
    /// </summary>
    [Fact]
    public async Task ATenantDeletedUnderLoad_IsGoneAtOnce_AndWhole()
    {
        await using var server = await TwoTenantsAsync();
        var deleted = false;
        var statuses = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, bool After)>();
        async Task LoadAsync(Func<Task<HttpStatusCode>> send)
        {
            var sentAfter = false;
            while (!sentAfter)
            {
                var after = Volatile.Read(ref deleted);
                statuses.Add((await send(), after));
                sentAfter = after;
            }
        }
        var devices = Enumerable.Range(0, 4).Select(_ => server.Device(Third)).ToList();
        using var alpha = server.TenantAdmin("alpha");
        var load = devices.Select(d => LoadAsync(async () =>
        {
            using var r = await d.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {}}"""));
            return r.StatusCode;
        })).Append(LoadAsync(async () =>
        {
            using var r = await alpha.PatchAsync($"{Running}/wn-sztpd-1:devices/device={Third}",
                Json($$"""{"wn-sztpd-1:device": [{"serial-number": "{{Third}}", "device-type": "my-device-type"}]}"""));
            return r.StatusCode;
        })).ToList();

        using (var delete = await server.Host.DeleteAsync($"{Running}/wn-sztpd-x:tenants/tenant=alpha"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        Volatile.Write(ref deleted, true);
        await Task.WhenAll(load);
        devices.ForEach(d => d.Dispose());

        Assert.All(statuses, s => Assert.Contains(s.Status, new[] { HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound }));
        Assert.All(statuses.Where(s => s.After), s => Assert.True(s.Status is HttpStatusCode.Unauthorized, $"after the delete: {s.Status}"));
        using var first = server.Device(First);
        Assert.Contains("first-boot-image", await BootImageAsync(first), StringComparison.Ordinal);
        using (var again = await server.CreateTenantAsync(server.Entry("alpha", Third)))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }
        Assert.Empty(await server.BootstrappingLogAsync("alpha", Third));
    }

    /// <summary>
    /// The host's own rules about tenants: a read-only host admin reads a tenant without its secrets and may not create
    /// one; the whole datastore is not replaced while tenants exist; a host callout may not take a tenant's prefix.
    /// </summary>
    [Fact]
    public async Task TheHostsRules_OnTenants()
    {
        await using var server = await TwoTenantsAsync();
        using (var added = await server.Host.PostAsync($"{Running}/wn-sztpd-1:admin-accounts",
            Json("""{"wn-sztpd-1:admin-account": [{"email-address": "viewer@example.com", "password": "$0$viewer-secret", "access": "read-only"}]}""")))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
        using var viewer = TenancyServer.Client(server.NbiPort, "viewer@example.com", "viewer-secret");

        var entry = JsonNode.Parse(await viewer.GetStringAsync($"{Running}/wn-sztpd-x:tenants/tenant=alpha"))!["wn-sztpd-x:tenant"]![0]!.AsObject();
        using var create = await viewer.PostAsync($"{Running}/wn-sztpd-x:tenants", Json(new JsonObject { ["wn-sztpd-x:tenant"] = new JsonArray(server.Entry("gamma")) }));
        using var replaceAll = await server.Host.PutAsync(Running, Json(JsonNode.Parse(await server.Host.GetStringAsync(Running))!));
        using var prefixed = await server.Host.PatchAsync(Running, Json("""
            {"wn-sztpd-1:dynamic-callouts": {"dynamic-callout": [{"name": "tenant/alpha/relay", "rpc-supported": "wn-sztpd-rpcs:report-progress",
              "webhooks": {"webhook": [{"name": "w", "http": {"tcp-client-parameters": {"remote-address": "127.0.0.1", "remote-port": 9}}}]}}]}}
            """));

        Assert.False(entry.ContainsKey("wn-sztpd-1:admin-accounts"));
        Assert.True(entry.ContainsKey("wn-sztpd-1:devices"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replaceAll.StatusCode);
        Assert.StartsWith("The datastore holds 2 tenants", (string?)(await ErrorAsync(replaceAll))["error-message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, prefixed.StatusCode);
        Assert.Contains("which mode x keeps for tenants", (string?)(await ErrorAsync(prefixed))["error-message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mode1_RefusesTenants()
    {
        await using var server = await OpiServer.StartAsync();

        using var r = await server.Admin.PostAsync($"{Running}/wn-sztpd-x:tenants", Json("""{"wn-sztpd-x:tenant": [{"name": "alpha"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.StartsWith("Tenants, and the verification of their devices, are mode x's", (string?)(await ErrorAsync(r))["error-message"], StringComparison.Ordinal);
    }
}
