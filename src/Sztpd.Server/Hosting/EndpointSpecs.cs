using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Pki.Cms;

namespace Sztpd.Server.Hosting;

/// <summary>Reads the listening endpoints out of a (validated) configuration.</summary>
internal static class EndpointSpecs
{
    public static List<EndpointSpec> From(JsonObject config, int defaultPort)
    {
        var result = new List<EndpointSpec>();
        var endpoints = config["wn-sztpd-1:transport"]?["listen"]?["endpoint"] as JsonArray ?? [];
        foreach (var e in endpoints.OfType<JsonObject>())
        {
            var name = (string)e["name"]!;
            var transport = e["https"] as JsonObject ?? e["http"] as JsonObject ?? [];
            var tcp = transport["tcp-server-parameters"] as JsonObject ?? [];
            var address = IPAddress.Parse((string)tcp["local-address"]!);
            var port = tcp["local-port"] is { } p ? (int)p : defaultPort;
            X509Certificate2? cert = null;
            X509Certificate2Collection? chain = null, trust = null;
            if (e["https"] is JsonObject https)
            {
                var reference = https["tls-server-parameters"]?["server-identity"]?["certificate"]?["reference"];
                (cert, chain) = ServerIdentity(config, (string)reference!["asymmetric-key"]!, (string)reference["certificate"]!);
                var auth = https["tls-server-parameters"]?["client-authentication"];
                var bag = (string?)auth?["ca-certs"]?["local-truststore-reference"] ?? (string?)auth?["client-certs"]?["local-truststore-reference"];
                trust = bag is null ? null : TrustBag(config, bag);
            }
            result.Add(new EndpointSpec(name, (string)e["use-for"]!, address, port, cert, chain, trust));
        }
        return result;
    }

    private static (X509Certificate2, X509Certificate2Collection) ServerIdentity(JsonObject config, string keyName, string certName)
    {
        var key = (config["wn-sztpd-1:keystore"]?["asymmetric-keys"]?["asymmetric-key"] as JsonArray ?? [])
            .OfType<JsonObject>().First(k => (string?)k["name"] == keyName);
        var der = Convert.FromBase64String((string)key["cleartext-private-key"]!);
        var certData = (key["certificates"]?["certificate"] as JsonArray ?? []).OfType<JsonObject>().First(c => (string?)c["name"] == certName);
        var certs = CmsCertificates.Decode(Convert.FromBase64String((string)certData["cert-data"]!));
        var ee = certs.First(c => !(c.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault()?.CertificateAuthority ?? false));
        var chain = new X509Certificate2Collection(certs.Where(c => !ReferenceEquals(c, ee)).ToArray());
        X509Certificate2 withKey;
        if (((string)key["private-key-format"]!).EndsWith("rsa-private-key-format", StringComparison.Ordinal))
        {
            using var rsa = RSA.Create();
            rsa.ImportRSAPrivateKey(der, out _);
            withKey = ee.CopyWithPrivateKey(rsa);
        }
        else
        {
            using var ec = ECDsa.Create();
            if (((string)key["private-key-format"]!).EndsWith("ec-private-key-format", StringComparison.Ordinal))
            {
                ec.ImportECPrivateKey(der, out _);
            }
            else
            {
                ec.ImportPkcs8PrivateKey(der, out _);
            }
            withKey = ee.CopyWithPrivateKey(ec);
        }
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        using (withKey)
        {
            return (X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null), chain);
        }
    }

    private static readonly ConditionalWeakTable<JsonObject, X509Certificate2Collection> Decoded = [];

    /// <summary>
    /// The certificates of truststore bag <paramref name="bagName"/> (only of its entry <paramref name="certificateName"/> when
    /// given; empty when absent). Decoded once per configuration version: edits replace the entries, so the cache follows them.
    /// </summary>
    public static X509Certificate2Collection TrustBag(JsonObject config, string? bagName, string? certificateName = null)
    {
        var bag = (config["wn-sztpd-1:truststore"]?["certificate-bags"]?["certificate-bag"] as JsonArray ?? [])
            .OfType<JsonObject>().FirstOrDefault(b => (string?)b["name"] == bagName);
        var all = new X509Certificate2Collection();
        foreach (var c in (bag?["certificate"] as JsonArray ?? []).OfType<JsonObject>().Where(c => certificateName is null || (string?)c["name"] == certificateName))
        {
            all.AddRange(Decoded.GetValue(c, e => CmsCertificates.Decode(Convert.FromBase64String((string)e["cert-data"]!))));
        }
        return all;
    }
}
