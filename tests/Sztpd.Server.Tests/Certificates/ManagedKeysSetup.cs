using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Pki.Cms;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Certificates;

/// <summary>Managed keystore keys, the listener that uses one, and what the tests read back of them.</summary>
internal static class ManagedKeysSetup
{
    public const string Keys = Running + "/wn-sztpd-1:keystore/asymmetric-keys";

    /// <summary>A managed <c>asymmetric-key</c> entry (<paramref name="issuer"/> null: self-signed).</summary>
    public static JsonObject Managed(string name, string profile, string? issuer, string subject, int? lifetime = null, int? renewBefore = null, params string[] dnsNames)
    {
        var managed = new JsonObject { ["profile"] = profile, ["subject"] = subject };
        if (issuer is null)
        {
            managed["self-signed"] = new JsonArray((JsonNode?)null);
        }
        else
        {
            managed["local-ca"] = issuer;
        }
        if (lifetime is { } days)
        {
            managed["lifetime"] = days;
        }
        if (renewBefore is { } before)
        {
            managed["renew-before"] = before;
        }
        if (dnsNames.Length > 0)
        {
            managed["dns-name"] = new JsonArray([.. dnsNames.Select(n => (JsonNode)n)]);
            managed["ip-address"] = new JsonArray("127.0.0.1");
        }
        return new JsonObject { ["name"] = name, ["sztpd-ext:managed"] = managed };
    }

    public static JsonObject Keystore(params JsonObject[] keys) =>
        new() { ["wn-sztpd-1:keystore"] = new JsonObject { ["asymmetric-keys"] = new JsonObject { ["asymmetric-key"] = new JsonArray(keys) } } };

    /// <summary>An HTTPS <c>rfc8572-interface</c> endpoint on <paramref name="port"/> presenting keystore key <paramref name="key"/>'s certificate of the same name.</summary>
    public static JsonObject HttpsSbi(int port, string key) => JsonNode.Parse($$$"""
        {"wn-sztpd-1:transport": {"listen": {"endpoint": [{"name": "sbi", "use-for": "wn-sztpd-0:rfc8572-interface",
          "https": {"tcp-server-parameters": {"local-address": "127.0.0.1", "local-port": {{{port}}} },
            "tls-server-parameters": {"server-identity": {"certificate": {"reference": {"asymmetric-key": "{{{key}}}", "certificate": "{{{key}}}"} } } },
            "http-server-parameters": {}, "restconf-server-parameters": {} } }]} } }
        """)!.AsObject();

    /// <summary>The running keystore entry of <paramref name="key"/> (as the unrestricted admin reads it).</summary>
    public static async Task<JsonObject> EntryAsync(HttpClient admin, string key, string datastore = Running) =>
        JsonNode.Parse(await admin.GetStringAsync($"{datastore}/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key={key}"))!["wn-sztpd-1:asymmetric-key"]![0]!.AsObject();

    /// <summary>The operational <c>managed/certificate</c> of <paramref name="key"/>.</summary>
    public static async Task<JsonObject> StateAsync(HttpClient admin, string key) =>
        (await EntryAsync(admin, key, Operational))["sztpd-ext:managed"]!["certificate"]!.AsObject();

    /// <summary>The certificates of <paramref name="key"/>'s cert-data, the key's own first.</summary>
    public static async Task<X509Certificate2Collection> CertDataAsync(HttpClient admin, string key)
    {
        var entry = await EntryAsync(admin, key);
        var all = CmsCertificates.Decode(Convert.FromBase64String((string)entry["certificates"]!["certificate"]![0]!["cert-data"]!));
        var spki = Convert.FromBase64String((string)entry["public-key"]!);
        return [.. all.Where(c => c.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki)), .. all.Where(c => !c.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki))];
    }

    /// <summary>
    /// Waits (polling, up to <paramref name="seconds"/>) for what sztpd does in the background after a commit or a move
    /// of its clock; a failure says <paramref name="what"/> and, when given, <paramref name="detail"/> of that moment.
    /// </summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 10, Func<string>? detail = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within {seconds} s: {what}.{(detail is null ? "" : " " + detail())}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until 127.0.0.1:<paramref name="port"/> presents the certificate <paramref name="thumbprint"/>: a listener takes a new one from a handshake after the commit.</summary>
    public static Task ServesAsync(int port, string thumbprint) =>
        WaitUntilAsync(async () => (await Tls.HandshakeAsync(port, [], check: (_, c, _, _) => c is not null))[0].Thumbprint == thumbprint,
            $"the listener on port {port} presenting {thumbprint}");

    /// <summary>The certificate a TLS handshake with 127.0.0.1:<paramref name="port"/> presents, which must chain to <paramref name="root"/> at <paramref name="time"/>'s now.</summary>
    public static async Task<X509Certificate2> PresentedAsync(int port, X509Certificate2 root, TimeProvider time) =>
        (await Tls.HandshakeAsync(port, [root], check: Tls.TrustOnlyAt(root, time)))[0];

    /// <summary>
    /// <c>openssl crl -verify</c> of CRL <paramref name="crl"/> (DER) against <paramref name="root"/>, then <c>openssl verify
    /// -crl_check</c> of <paramref name="leaf"/> with it at <paramref name="at"/>: the CRL's text, and the verification's exit
    /// code and output.
    /// </summary>
    public static (string CrlText, int VerifyCode, string VerifyOutput) CrlCheck(X509Certificate2 root, byte[] crl, X509Certificate2 leaf, DateTimeOffset at)
    {
        using var dir = new Sztpd.Testing.TempDirectory();
        var rootPem = dir.WriteText("root.pem", root.ExportCertificatePem());
        var crlDer = dir.WriteBytes("crl.der", crl);
        var (code, text, error) = Sztpd.Testing.OpenSsl.Run(["crl", "-inform", "DER", "-in", crlDer, "-CAfile", rootPem, "-noout", "-text"]);
        Assert.True(code == 0 && error.Contains("verify OK", StringComparison.Ordinal), text + error);
        var crlPem = dir.WriteText("crl.pem", "-----BEGIN X509 CRL-----\n" + Convert.ToBase64String(crl, Base64FormattingOptions.InsertLineBreaks) + "\n-----END X509 CRL-----\n");
        var (verifyCode, output, verifyError) = Sztpd.Testing.OpenSsl.Run(["verify", "-attime", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-crl_check", "-CAfile", rootPem, "-CRLfile", crlPem, dir.WriteText("leaf.pem", leaf.ExportCertificatePem())]);
        return (text, verifyCode, output + verifyError);
    }

    /// <summary>The URL of the CRL distribution point <paramref name="certificate"/> names, if any.</summary>
    public static string? CrlUrl(X509Certificate2 certificate)
    {
        if (certificate.Extensions["2.5.29.31"] is not { } cdp)
        {
            return null;
        }
        // SEQUENCE OF DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames { uniformResourceIdentifier [6] } } }
        var point = new AsnReader(cdp.RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        var fullName = point.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
        return fullName.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6));
    }

    /// <summary>
    /// <c>openssl verify</c> of <paramref name="leaf"/> against root <paramref name="root"/> at <paramref name="at"/>, for
    /// <paramref name="purpose"/>, with <paramref name="intermediates"/> untrusted; its output when it failed, else null.
    /// </summary>
    public static string? Verify(X509Certificate2 root, X509Certificate2 leaf, DateTimeOffset at, string purpose = "sslserver", params X509Certificate2[] intermediates)
    {
        using var dir = new Sztpd.Testing.TempDirectory();
        var rootPem = dir.WriteText("root.pem", root.ExportCertificatePem());
        var leafPem = dir.WriteText("leaf.pem", leaf.ExportCertificatePem());
        string[] untrusted = intermediates.Length == 0 ? [] : ["-untrusted", dir.WriteText("untrusted.pem", string.Join("\n", intermediates.Select(c => c.ExportCertificatePem())))];
        var (code, output, error) = Sztpd.Testing.OpenSsl.Run(["verify", "-attime", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-purpose", purpose, "-CAfile", rootPem, .. untrusted, leafPem]);
        return code == 0 && output.Contains(": OK", StringComparison.Ordinal) ? null : output + error;
    }
}
