using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sztpd.Pki.Cms;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Pki;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Conformance;

/// <summary>RFC 9646 (a CSR in the bootstrapping exchange): csr-request, p10-csr, issuance by the configured CA, delivery in the configuration.</summary>
public sealed class CsrTests
{
    private const string Serial = "third-serial-number";
    private static readonly string P256 = Convert.ToBase64String(AlgorithmIdentifier("1.2.840.10045.2.1", "1.2.840.10045.3.1.7"));
    private static readonly string Ed25519 = Convert.ToBase64String(AlgorithmIdentifier("1.3.101.112", null));

    private static byte[] AlgorithmIdentifier(string oid, string? curve)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (curve is not null)
            {
                writer.WriteObjectIdentifier(curve);
            }
        }
        return writer.Encode();
    }

    /// <summary>The opi server with a CA in the keystore, the device type issuing (key <paramref name="key"/>) and a placeholder in third's configuration.</summary>
    private static async Task<(OpiServer Server, TestCredential Ca)> StartAsync(string key = "new-key")
    {
        TestCredential? ca = null;
        var server = await OpiServer.StartAsync((config, pki) =>
        {
            ca = pki.Pki.CreateRoot("CN=ldevid-ca, O=Sztpd Test");
            config["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]!.AsArray().Add(JsonNode.Parse($$"""
                {"name": "ca-key", "public-key-format": "ietf-crypto-types:subject-public-key-info-format", "public-key": "{{ca.SpkiBase64}}",
                 "private-key-format": "{{ca.PrivateKeyFormat}}", "cleartext-private-key": "{{ca.PrivateKeyBase64}}",
                 "certificates": {"certificate": [{"name": "ca-cert", "cert-data": "{{TestPki.CmsBase64(ca)}}", "sztpd-ext:certificate-authority": [null]}]} }
                """));
            config["wn-sztpd-1:device-types"]!["device-type"]![0]!["sztpd-ext:csr"] = JsonNode.Parse($$"""
                {"certificate-authority": {"asymmetric-key": "ca-key", "certificate": "ca-cert"}, "key": "{{key}}", "validity-days": 30}
                """);
            var third = config["wn-sztpd-1:configurations"]!["configuration"]!.AsArray().Single(c => (string?)c!["name"] == "third-configuration")!;
            third["config"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("<cert-data>{sztpd:issued-certificate}</cert-data>"));
        });
        return (server, ca!);
    }

    private static async Task<(HttpResponseMessage Response, JsonObject Body)> PostAsync(OpiServer s, string input)
    {
        using var device = s.Third();
        var r = await device.PostAsync(Gbd, Json($"{{\"ietf-sztp-bootstrap-server:input\": {{\"hw-model\": \"model-x\", {input}}}}}"));
        return (r, JsonNode.Parse(await r.Content.ReadAsStringAsync())!.AsObject());
    }

    private static JsonNode Error(JsonObject body) => body["ietf-restconf:errors"]!["error"]![0]!;

    /// <summary>Device "third" sends a CSR for <paramref name="key"/>; the certificate it was issued, as the bootstrapping log recorded it.</summary>
    private static async Task<X509Certificate2> IssuedAsync(OpiServer s, ECDsa key)
    {
        var (answer, body) = await PostAsync(s, $$"""
            "ietf-sztp-csr:p10-csr": "{{CsrFor(key, $"CN=third, SERIALNUMBER={Serial}")}}"
            """);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        var log = await s.BootstrappingLogAsync(Serial);
        return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(
            (string)log[^1]!["event-details"]!["get-bootstrapping-data-event"]!["sztpd-csr"]!["issued-certificate"]!));
    }

    private static string CsrFor(ECDsa key, string subject) =>
        Convert.ToBase64String(new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequest());

    [Fact]
    public async Task CsrSupport_GetsCsrRequest_ThenP10Csr_GetsACertificateInItsConfiguration()
    {
        var (s, ca) = await StartAsync();
        await using var server = s;
        using var caScope = ca;

        var (r, body) = await PostAsync(s, $$"""
            "ietf-sztp-csr:csr-support": {"key-generation": {"supported-algorithms": {"algorithm-identifier": ["{{Ed25519}}", "{{P256}}"]} },
              "csr-generation": {"supported-formats": {"format-identifier": ["ietf-ztp-types:cmc-csr", "ietf-ztp-types:p10-csr"]} } }
            """);

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("missing-attribute", (string?)Error(body)["error-tag"]);
        var request = Error(body)["error-info"]!["ietf-sztp-csr:csr-request"]!;
        Assert.Equal(P256, (string?)request["key-generation"]!["selected-algorithm"]!["algorithm-identifier"]);
        Assert.Equal("ietf-ztp-types:p10-csr", (string?)request["csr-generation"]!["selected-format"]!["format-identifier"]);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        (r, body) = await PostAsync(s, $$"""
            "ietf-sztp-csr:p10-csr": "{{CsrFor(key, $"CN=third, SERIALNUMBER={Serial}")}}"
            """);

        Assert.True(r.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        var conveyed = JsonNode.Parse(ConveyedInformationCms.Decode(Convert.FromBase64String((string)body["ietf-sztp-bootstrap-server:output"]!["conveyed-information"]!)).Payload)!;
        var configuration = Encoding.UTF8.GetString(Convert.FromBase64String((string)conveyed["ietf-sztp-conveyed-info:onboarding-information"]!["configuration"]!));
        var cms = Convert.FromBase64String(configuration.Replace("<cert-data>", "", StringComparison.Ordinal).Replace("</cert-data>", "", StringComparison.Ordinal));
        var certificates = CmsCertificates.Decode(cms);
        var issued = certificates[0];
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), issued.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(ca.Certificate.Subject, issued.Issuer);
        Assert.Contains(certificates.Skip(1), c => c.Thumbprint == ca.Certificate.Thumbprint);

        using var dir = new TempDirectory();
        var (code, output, error) = OpenSsl.Run(["verify", "-CAfile", dir.WriteText("ca.pem", ca.CertificatePem),
            dir.WriteText("issued.pem", issued.ExportCertificatePem() + "\n")]);
        Assert.True(code == 0, output + error);

        var log = await s.BootstrappingLogAsync(Serial);
        Assert.Equal(400, (int)log[^2]!["return-code"]!);
        var csrLog = log[^1]!["event-details"]!["get-bootstrapping-data-event"]!["sztpd-csr"]!;
        Assert.Equal(issued.SerialNumber.ToLowerInvariant(), (string?)csrLog["serial-number"]);
        Assert.Equal(1, (int)csrLog["placeholders-replaced"]!);
    }

    [Fact]
    public async Task AnIssuedCertificate_IsRecorded_NamesItsCasCrl_AndOnceRevoked_IsListedThere()
    {
        var (s, ca) = await StartAsync();
        await using var server = s;
        using var caScope = ca;
        var url = $"http://127.0.0.1:{s.NbiPort}/crl/ca-key";
        using (var r = await s.Admin.SendAsync(Patch(Running + "/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=ca-key",
            new JsonObject { ["wn-sztpd-1:asymmetric-key"] = new JsonArray(new JsonObject { ["name"] = "ca-key", ["sztpd-ext:crl-distribution-point"] = url }) })))
        {
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = await IssuedAsync(s, key);
        Assert.Equal(url, Certificates.ManagedKeysSetup.CrlUrl(issued));

        var recorded = Assert.Single(await Certificates.RevocationTests.IssuedAsync(s.Admin))!;
        Assert.Equal("ca-key", (string?)recorded["issuer"]);
        Assert.Equal($"device \"{Serial}\"", (string?)recorded["holder"]);
        Assert.Equal("issued", (string?)recorded["state"]);
        Assert.Equal(Convert.ToBase64String(issued.RawData), (string?)recorded["certificate"]);

        using (var r = await s.Admin.PostAsync("/restconf/operations/sztpd-ext:revoke-certificate", Json(new JsonObject
        {
            ["sztpd-ext:input"] = new JsonObject { ["issuer"] = "ca-key", ["serial-number"] = issued.SerialNumber, ["reason"] = "cessation-of-operation" },
        })))
        {
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
        var (text, code, output) = Certificates.ManagedKeysSetup.CrlCheck(ca.Certificate, await Certificates.RevocationTests.CrlAsync(s.NbiPort, "/crl/ca-key"),
            issued, s.Process.Time.GetUtcNow());
        Assert.Contains($"Serial Number: {issued.SerialNumber}", text, StringComparison.Ordinal);
        Assert.Contains("Cessation Of Operation", text, StringComparison.Ordinal);
        Assert.True(code != 0 && output.Contains("certificate revoked", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task ADeviceCertificateSztpdRevoked_NoLongerAuthenticatesTheDevice()
    {
        var (s, ca) = await StartAsync();
        await using var server = s;
        using var caScope = ca;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = await IssuedAsync(s, key);
        // The device type now verifies devices with the CA that issues their certificates.
        using (var r = await s.Admin.SendAsync(Patch(Running, JsonNode.Parse($$$"""
            {"wn-sztpd-1:truststore": {"certificate-bags": {"certificate-bag": [{"name": "ldevids", "certificate": [{"name": "ldevid-ca", "cert-data": "{{{TestPki.CmsBase64(ca)}}}"}]}]} },
             "wn-sztpd-1:device-types": {"device-type": [{"name": "my-device-type",
               "identity-certificates": {"verification": {"local-truststore-reference": {"certificate-bag": "ldevids", "certificate": "ldevid-ca"} } } }]}}
            """)!)))
        {
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }
        using var ldevid = issued.CopyWithPrivateKey(key);
        async Task<HttpStatusCode> BootstrapAsync()
        {
            using var device = s.Device(ldevid, Serial);
            using var r = await device.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {"hw-model": "model-x"}}"""));
            return r.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await BootstrapAsync());

        using (var r = await s.Admin.PostAsync("/restconf/operations/sztpd-ext:revoke-certificate", Json(new JsonObject
        {
            ["sztpd-ext:input"] = new JsonObject { ["issuer"] = "ca-key", ["serial-number"] = issued.SerialNumber, ["reason"] = "key-compromise" },
        })))
        {
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await BootstrapAsync());
        Assert.Contains($"serial number {issued.SerialNumber.ToLowerInvariant()}, issued by asymmetric-key \\u0022ca-key\\u0022, was revoked at", await s.AuditLogAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADevice_HoldsAtMostMaxCertificates_UntilOneExpires()
    {
        var (s, ca) = await StartAsync();
        await using var server = s;
        using var caScope = ca;
        using (var r = await s.Admin.SendAsync(Patch(Running, JsonNode.Parse("""
            {"wn-sztpd-1:device-types": {"device-type": [{"name": "my-device-type", "sztpd-ext:csr": {"max-certificates": 2}}]}}
            """)!)))
        {
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }
        async Task<(HttpResponseMessage, JsonObject)> AskAsync()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return await PostAsync(s, $$"""
                "ietf-sztp-csr:p10-csr": "{{CsrFor(key, $"CN=third, SERIALNUMBER={Serial}")}}"
                """);
        }

        Assert.Equal(HttpStatusCode.OK, (await AskAsync()).Item1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AskAsync()).Item1.StatusCode);
        var (refused, body) = await AskAsync();
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("resource-denied", (string?)Error(body)["error-tag"]);
        Assert.Equal(2, (await Certificates.RevocationTests.IssuedAsync(s.Admin)).Count);

        // validity-days is 30: once those two expired, the device gets one again.
        s.Process.Time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(HttpStatusCode.OK, (await AskAsync()).Item1.StatusCode);
    }

    [Fact]
    public async Task P10Csr_Rejected_ForABadSignatureOrAnotherDevicesName()
    {
        var (s, ca) = await StartAsync();
        await using var server = s;
        using var caScope = ca;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var tampered = Convert.FromBase64String(CsrFor(key, $"CN=third, SERIALNUMBER={Serial}"));
        tampered[^5] ^= 0x01;
        var (r, body) = await PostAsync(s, $"\"ietf-sztp-csr:p10-csr\": \"{Convert.ToBase64String(tampered)}\"");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.StartsWith("The CSR is not a PKCS #10 request whose signature verifies", (string?)Error(body)["error-message"], StringComparison.Ordinal);

        (r, body) = await PostAsync(s, $"\"ietf-sztp-csr:p10-csr\": \"{CsrFor(key, "CN=first, SERIALNUMBER=first-serial-number")}\"");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("does not name the device's serial number", (string?)Error(body)["error-message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdevidKey_AsksForNoKeyGeneration_AndIssuesOnlyForTheIdevidKey_CsrRequestInXml()
    {
        var (s, ca) = await StartAsync("idevid-key");
        await using var server = s;
        using var caScope = ca;

        using var device = s.Third();
        var xml = new StringContent($"""
            <input xmlns="urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server">
              <csr-support xmlns="urn:ietf:params:xml:ns:yang:ietf-sztp-csr">
                <key-generation><supported-algorithms><algorithm-identifier>{P256}</algorithm-identifier></supported-algorithms></key-generation>
                <csr-generation><supported-formats><format-identifier xmlns:zt="urn:ietf:params:xml:ns:yang:ietf-ztp-types">zt:p10-csr</format-identifier></supported-formats></csr-generation>
              </csr-support>
            </input>
            """, Encoding.UTF8);
        xml.Headers.ContentType = new("application/yang-data+xml");
        using var asked = await device.PostAsync(Gbd, xml);
        var text = await asked.Content.ReadAsStringAsync();
        Assert.True(asked.StatusCode == HttpStatusCode.BadRequest, text);
        XNamespace rc = "urn:ietf:params:xml:ns:yang:ietf-restconf", csr = "urn:ietf:params:xml:ns:yang:ietf-sztp-csr";
        var request = XElement.Parse(text).Element(rc + "error")!.Element(rc + "error-info")!.Element(csr + "csr-request")!;
        Assert.Null(request.Element(csr + "key-generation"));
        var format = request.Element(csr + "csr-generation")!.Element(csr + "selected-format")!.Element(csr + "format-identifier")!;
        Assert.Equal("urn:ietf:params:xml:ns:yang:ietf-ztp-types", format.GetNamespaceOfPrefix(format.Value.Split(':')[0])?.NamespaceName);

        using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (r, body) = await PostAsync(s, $"\"ietf-sztp-csr:p10-csr\": \"{CsrFor(fresh, $"CN=third, SERIALNUMBER={Serial}")}\"");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("proof of origin", (string?)Error(body)["error-message"], StringComparison.Ordinal);

        var idevid = (ECDsa)s.Pki.Devices[Serial].Key;
        (r, body) = await PostAsync(s, $"\"ietf-sztp-csr:p10-csr\": \"{CsrFor(idevid, $"CN=third, SERIALNUMBER={Serial}")}\"");
        Assert.True(r.StatusCode == HttpStatusCode.OK, body.ToJsonString());
    }

    [Fact]
    public async Task CertificateAuthority_MustBeAMarkedCaCertificate()
    {
        var (s, ca) = await StartAsync();
        await using var server = s;
        using var caScope = ca;
        const string Cert = $"{Running}/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=ca-key/certificates/certificate=ca-cert";
        var before = await s.Admin.GetStringAsync(Cert);

        using var unmarked = await s.Admin.PatchAsync($"{Running}/wn-sztpd-1:device-types/device-type=my-device-type/sztpd-ext:csr", Json("""
            {"sztpd-ext:csr": {"certificate-authority": {"asymmetric-key": "sbi-server-end-entity-key", "certificate": "sbi-server-end-entity-cert"}}}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, unmarked.StatusCode);
        Assert.Contains("is not marked \"sztpd-ext:certificate-authority\"", (string?)(await ErrorAsync(unmarked))["error-message"], StringComparison.Ordinal);

        using var leaf = ca.IssueEndEntity("CN=not-a-ca");
        using var notCa = await s.Admin.PutAsync(Cert, Json($$"""
            {"wn-sztpd-1:certificate": [{"name": "ca-cert", "cert-data": "{{TestPki.CmsBase64(leaf)}}", "sztpd-ext:certificate-authority": [null]}]}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, notCa.StatusCode);
        Assert.Equal(before, await s.Admin.GetStringAsync(Cert));
    }
}
