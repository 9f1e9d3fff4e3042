using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Pki.Cms;

namespace Sztpd.Core.Sztpd;

/// <summary>The certificates of the configured truststore.</summary>
public static class Truststore
{
    private static readonly ConditionalWeakTable<JsonObject, X509Certificate2Collection> Decoded = [];

    /// <summary>
    /// The certificates of truststore bag <paramref name="bagName"/> (only of its entry <paramref name="certificateName"/> when
    /// given; empty when absent). Decoded once per configuration version: edits replace the entries, so the cache follows them.
    /// </summary>
    public static X509Certificate2Collection Bag(JsonObject config, string? bagName, string? certificateName = null)
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
