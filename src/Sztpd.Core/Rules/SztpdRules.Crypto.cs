using System.Text.Json.Nodes;
using Sztpd.Core.Certificates;
using Sztpd.Core.Restconf;
using Sztpd.Pki.Certificates;
using Sztpd.Pki.Keys;

namespace Sztpd.Core.Rules;

public sealed partial class SztpdRules
{
    /// <summary>Key pairs must match; certificates must be CMS holding one end entity for that key plus its chain.</summary>
    private static void CheckKeystore(JsonObject config, JsonObject old, List<RestconfError> errors)
    {
        foreach (var key in Changed(config, old, "wn-sztpd-1:keystore", "asymmetric-keys", "asymmetric-key"))
        {
            var name = (string?)key["name"];
            var path = $"/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key={name}";
            byte[]? spki = Bytes(key["public-key"]);
            var priv = Bytes(key["cleartext-private-key"]);
            if (spki is not null && priv is not null
                && AsymmetricKeyValidator.Validate((string?)key["public-key-format"] ?? "", spki, (string?)key["private-key-format"] ?? "", priv) is { } keyError)
            {
                errors.Add(RestconfError.OperationFailed(keyError, path));
                continue;
            }
            foreach (var cert in (key["certificates"]?["certificate"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (cert[CertificateAuthority] is not null)
                {
                    CheckCaCertificate(config, name, cert, $"{path}/certificates/certificate={(string?)cert["name"]}", errors);
                }
                else if (Bytes(cert["cert-data"]) is { } cms && EndEntityCertificateValidator.Validate(cms, spki) is { } certError)
                {
                    errors.Add(RestconfError.OperationFailed(certError, $"{path}/certificates/certificate={(string?)cert["name"]}"));
                }
            }
        }
    }

    /// <summary>
    /// Truststore certificates and bootstrap-server trust anchors must be CMS holding one self-signed root and a single
    /// chain, but those a managed CA publishes: sztpd writes them, with two roots during a rollover (docs/certificates.md).
    /// </summary>
    private static void CheckTruststore(JsonObject config, JsonObject old, List<RestconfError> errors)
    {
        foreach (var bag in Changed(config, old, "wn-sztpd-1:truststore", "certificate-bags", "certificate-bag"))
        {
            var bagName = (string?)bag["name"] ?? "";
            foreach (var cert in (bag["certificate"] as JsonArray ?? []).OfType<JsonObject>().Where(c => !ManagedKeys.IsPublished(config, bagName, (string?)c["name"] ?? "")))
            {
                if (Bytes(cert["cert-data"]) is { } cms && TrustAnchorValidator.Validate(cms) is { } e)
                {
                    errors.Add(RestconfError.OperationFailed(e, $"/wn-sztpd-1:truststore/certificate-bags/certificate-bag={(string?)bag["name"]}/certificate={(string?)cert["name"]}"));
                }
            }
        }
        foreach (var server in Changed(config, old, "wn-sztpd-1:bootstrap-servers", null, "bootstrap-server")
            .Where(s => !ManagedKeys.IsPublished(config, (string?)s["name"] ?? "", null)))
        {
            if (Bytes(server["trust-anchor"]) is { } cms && TrustAnchorValidator.Validate(cms) is { } e)
            {
                errors.Add(RestconfError.OperationFailed(e, $"/wn-sztpd-1:bootstrap-servers/bootstrap-server={(string?)server["name"]}"));
            }
        }
    }

    /// <summary>List entries that are new or differ from the previous configuration (unchanged ones were checked before).</summary>
    private static IEnumerable<JsonObject> Changed(JsonObject config, JsonObject old, string top, string? middle, string list)
    {
        static JsonArray Entries(JsonObject doc, string top, string? middle, string list)
        {
            var container = doc[top];
            if (middle is not null)
            {
                container = container?[middle];
            }
            return container?[list] as JsonArray ?? [];
        }
        var before = Entries(old, top, middle, list).Select(e => e!.ToJsonString()).ToHashSet(StringComparer.Ordinal);
        return Entries(config, top, middle, list).OfType<JsonObject>().Where(e => !before.Contains(e.ToJsonString()));
    }

    private static byte[]? Bytes(JsonNode? value)
    {
        try
        {
            return value is null ? null : Convert.FromBase64String((string)value!);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
