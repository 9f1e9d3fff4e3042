using System.Text.Json.Nodes;

namespace Sztpd.Core.Configuration;

public static partial class ConfigurationMapper
{
    private static ConveyedInformationBlocks Blocks(JsonObject c)
    {
        var scripts = c[Module + "scripts"];
        var responses = c[Module + "conveyed-information-responses"];
        return new ConveyedInformationBlocks
        {
            BootImages = ByName(c[Module + "boot-images"]?["boot-image"], i => new BootImage(
                (string)i["name"]!, (string?)i["os-name"], (string?)i["os-version"],
                i["download-uri"] is JsonArray uris ? [.. uris.Select(u => (string)u!)] : null,
                i["image-verification"] is JsonArray hashes
                    ? [.. hashes.OfType<JsonObject>().Select(h => new ImageVerification((string)h["hash-algorithm"]!, (string)h["hash-value"]!))]
                    : null)),
            PreConfigurationScripts = ByName(scripts?["pre-configuration-script"], s => (string?)s["script"]),
            PostConfigurationScripts = ByName(scripts?["post-configuration-script"], s => (string?)s["script"]),
            Configurations = ByName(c[Module + "configurations"]?["configuration"], e =>
                new ConfigurationBlock((string)e["name"]!, (string?)e["configuration-handling"], (string?)e["config"])),
            BootstrapServers = ByName(c[Module + "bootstrap-servers"]?["bootstrap-server"], s =>
                new BootstrapServer((string)s["name"]!, (string)s["address"]!, (int?)s["port"], (string?)s["trust-anchor"])),
            RedirectResponses = ByName(responses?["redirect-information-response"], r =>
                (IReadOnlyList<string>)[.. (r["redirect-information"]?["bootstrap-server"] as JsonArray ?? []).Select(n => (string)n!)]),
            OnboardingResponses = ByName(responses?["onboarding-information-response"], r =>
            {
                var refs = r["onboarding-information"];
                return new OnboardingResponse((string)r["name"]!, (string?)refs?["boot-image"], (string?)refs?["pre-configuration-script"],
                    (string?)refs?["configuration"], (string?)refs?["post-configuration-script"]);
            }),
        };
    }

    private static Keystore Keystore(JsonObject c) =>
        new(ByName(c[Module + "keystore"]?["asymmetric-keys"]?["asymmetric-key"], k => new KeystoreKey(
            (string)k["name"]!, (string?)k["private-key-format"] ?? "", (string?)k["cleartext-private-key"],
            ByName(k["certificates"]?["certificate"], e => (string?)e["cert-data"]),
            Entries(k["certificates"]?["certificate"]).Where(e => e[Ext + "certificate-authority"] is not null).Select(e => (string)e["name"]!).ToHashSet(StringComparer.Ordinal),
            (string?)k[Ext + "crl-distribution-point"])));

    private static Truststore Truststore(JsonObject c) =>
        new(ByName(c[Module + "truststore"]?["certificate-bags"]?["certificate-bag"], b =>
            (IReadOnlyList<TrustCertificate>)[.. Entries(b["certificate"]).Where(e => e["cert-data"] is not null)
                .Select(e => new TrustCertificate((string)e["name"]!, (string)e["cert-data"]!))]));

    /// <summary>A list's entries by their <c>name</c> key.</summary>
    private static Dictionary<string, T> ByName<T>(JsonNode? list, Func<JsonObject, T> map) =>
        Entries(list).ToDictionary(e => (string)e["name"]!, map, StringComparer.Ordinal);
}
