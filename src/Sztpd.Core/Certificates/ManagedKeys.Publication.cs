using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;
using Sztpd.Pki.Cms;

namespace Sztpd.Core.Certificates;

public static partial class ManagedKeys
{
    /// <summary>
    /// What sztpd publishes of managed CA key <paramref name="name"/> (null: nothing yet): its cert-data in force (with its
    /// chain) or, during a rollover, one degenerate CMS of that and the next certificate (before the switch) or the
    /// previous one (after it, until it expires), each certificate once.
    /// </summary>
    private static string? Published(JsonObject key, string name)
    {
        var all = new[] { CertData(key, name), (string?)key[ManagedDeclaration.Member]?[Rollover]?["cert-data"], (string?)key[ManagedDeclaration.Member]?[PreviousCertData] }
            .OfType<string>().ToList();
        if (all.Count <= 1)
        {
            return all.FirstOrDefault();
        }
        var certificates = all.SelectMany(data => CmsCertificates.Decode(Convert.FromBase64String(data))).ToList();
        try
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return Convert.ToBase64String(CmsCertificates.CreateDegenerate([.. certificates.Where(c => seen.Add(c.Thumbprint))]));
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>
    /// Keeps what each managed CA publishes (<see cref="Published"/>) in the entry named after it of the bags of its
    /// <c>publish-to-bag</c> and in the <c>trust-anchor</c> of the bootstrap servers of its
    /// <c>publish-to-bootstrap-server</c>; removes it where it is no longer published if it still holds what sztpd wrote.
    /// A publication an edit changed to something else is an error.
    /// </summary>
    private static void Publish(JsonObject config, JsonObject old, Dictionary<string, JsonObject> keys, Dictionary<string, JsonObject> before, List<RestconfError> errors)
    {
        var bagged = new HashSet<(string Bag, string Key)>();
        var anchored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, key) in keys)
        {
            if (ManagedDeclaration.Of(key) is not { } declaration || (!declaration.Bags.Any() && !declaration.BootstrapServers.Any()))
            {
                continue;
            }
            if (!declaration.IsCa)
            {
                errors.Add(RestconfError.InvalidValue($"asymmetric-key \"{name}\" is no certificate-authority: only a CA's certificate is published.",
                    $"{Path}{name}/{ManagedDeclaration.Member}/{(declaration.Bags.Any() ? "publish-to-bag" : "publish-to-bootstrap-server")}"));
                continue;
            }
            if (Published(key, name) is not { } data)
            {
                continue;
            }
            var wrote = before.TryGetValue(name, out var previous) ? Published(previous, name) : null;
            foreach (var bag in declaration.Bags)
            {
                if (Bag(config, bag) is not { } entries)
                {
                    continue; // the leafref check names it
                }
                bagged.Add((bag, name));
                var entry = entries.OfType<JsonObject>().FirstOrDefault(e => (string?)e["name"] == name);
                var current = (string?)entry?["cert-data"];
                if (entry is not null && current != data && current != wrote && current != (string?)Entry(old, bag, name)?["cert-data"])
                {
                    errors.Add(RestconfError.InvalidValue(
                        $"Certificate \"{name}\" of certificate-bag \"{bag}\" is published by sztpd (asymmetric-key \"{name}\" publish-to-bag): an edit may leave it out but not change it.",
                        $"/wn-sztpd-1:truststore/certificate-bags/certificate-bag={bag}/certificate={name}"));
                    continue;
                }
                if (entry is null)
                {
                    entries.Add(new JsonObject { ["name"] = name, ["cert-data"] = data });
                }
                else
                {
                    entry["cert-data"] = data;
                }
            }
            foreach (var serverName in declaration.BootstrapServers)
            {
                if (BootstrapServer(config, serverName) is not { } server)
                {
                    continue; // the leafref check names it
                }
                if (!anchored.TryAdd(serverName, name))
                {
                    errors.Add(RestconfError.InvalidValue(
                        $"The trust-anchor of bootstrap-server \"{serverName}\" is published by asymmetric-key \"{anchored[serverName]}\" already; one CA publishes it.",
                        $"{Path}{name}/{ManagedDeclaration.Member}/publish-to-bootstrap-server"));
                    continue;
                }
                var current = (string?)server["trust-anchor"];
                if (current is not null && current != data && current != wrote && current != (string?)BootstrapServer(old, serverName)?["trust-anchor"])
                {
                    errors.Add(RestconfError.InvalidValue(
                        $"The trust-anchor of bootstrap-server \"{serverName}\" is published by sztpd (asymmetric-key \"{name}\" publish-to-bootstrap-server): an edit may leave it out but not change it.",
                        $"/wn-sztpd-1:bootstrap-servers/bootstrap-server={serverName}/trust-anchor"));
                    continue;
                }
                server["trust-anchor"] = data;
            }
        }
        foreach (var (name, key) in before)
        {
            if (ManagedDeclaration.Of(key) is not { } declaration || Published(key, name) is not { } wrote)
            {
                continue;
            }
            foreach (var bag in declaration.Bags.Where(b => !bagged.Contains((b, name))))
            {
                if (Bag(config, bag) is { } entries
                    && entries.OfType<JsonObject>().FirstOrDefault(e => (string?)e["name"] == name && (string?)e["cert-data"] == wrote) is { } stale)
                {
                    entries.Remove(stale);
                }
            }
            foreach (var serverName in declaration.BootstrapServers.Where(s => !anchored.ContainsKey(s)))
            {
                if (BootstrapServer(config, serverName) is { } server && (string?)server["trust-anchor"] == wrote)
                {
                    server.Remove("trust-anchor");
                }
            }
        }
    }

    /// <summary>Whether <paramref name="config"/>'s bag entry (or, with <paramref name="entry"/> null, bootstrap server's trust-anchor) is published by a managed CA.</summary>
    public static bool IsPublished(JsonObject config, string bagOrServer, string? entry)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Entries(config).Any(k => ManagedDeclaration.Of(k.Value) is { } d
            && (entry is null ? d.BootstrapServers.Contains(bagOrServer) : k.Key == entry && d.Bags.Contains(bagOrServer)));
    }

    private static JsonObject? BootstrapServer(JsonObject config, string name) =>
        (config["wn-sztpd-1:bootstrap-servers"]?["bootstrap-server"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(s => (string?)s["name"] == name);

    private static JsonArray? Bag(JsonObject config, string bag)
    {
        if ((config["wn-sztpd-1:truststore"]?["certificate-bags"]?["certificate-bag"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(b => (string?)b["name"] == bag) is not { } found)
        {
            return null;
        }
        if (found["certificate"] is not JsonArray entries)
        {
            found["certificate"] = entries = [];
        }
        return entries;
    }

    private static JsonObject? Entry(JsonObject config, string bag, string name) =>
        (config["wn-sztpd-1:truststore"]?["certificate-bags"]?["certificate-bag"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(b => (string?)b["name"] == bag)?["certificate"] is JsonArray entries
            ? entries.OfType<JsonObject>().FirstOrDefault(e => (string?)e["name"] == name)
            : null;
}
