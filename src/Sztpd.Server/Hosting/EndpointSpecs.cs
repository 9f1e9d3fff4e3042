using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;

namespace Sztpd.Server.Hosting;

/// <summary>Reads the listening endpoints out of a (validated) configuration.</summary>
internal static class EndpointSpecs
{
    public static List<EndpointSpec> From(JsonObject config, int defaultPort)
    {
        var typed = ConfigurationMapper.Map(config);
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
                (cert, chain) = ServerIdentity(typed.Keystore, new KeystoreReference((string)reference!["asymmetric-key"]!, (string)reference["certificate"]!));
                var auth = https["tls-server-parameters"]?["client-authentication"];
                var bag = (string?)auth?["ca-certs"]?["local-truststore-reference"] ?? (string?)auth?["client-certs"]?["local-truststore-reference"];
                trust = bag is null ? null : typed.Truststore.Bag(bag);
            }
            result.Add(new EndpointSpec(name, (string)e["use-for"]!, address, port, cert, chain, trust));
        }
        return result;
    }

    private static (X509Certificate2, X509Certificate2Collection) ServerIdentity(Keystore keystore, KeystoreReference reference)
    {
        var entry = keystore.Read(reference, out var error) ?? throw new InvalidOperationException(error);
        using var key = entry.Key;
        using var withKey = key switch
        {
            RSA rsa => entry.EndEntity.CopyWithPrivateKey(rsa),
            ECDsa ec => entry.EndEntity.CopyWithPrivateKey(ec),
            _ => throw new InvalidOperationException($"The key of asymmetric-key \"{reference.Key}\" is neither RSA nor EC."),
        };
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return (X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null), [.. entry.Issuers]);
    }
}
