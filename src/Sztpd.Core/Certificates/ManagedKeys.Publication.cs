using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;
using Sztpd.Pki.Cms;

namespace Sztpd.Core.Certificates;

public static partial class ManagedKeys
{
    /// <summary>
    /// What sztpd publishes of managed CA key <paramref name="name"/>, as the entries of a bag: its certificate in force
    /// (named after the key), the next one of a scheduled rollover (<c>KEY.next</c>) and the one in force before the last
    /// rollover (<c>KEY.previous</c>), each a cert-data with its chain.
    /// </summary>
    private static List<(string Entry, string Data)> Publications(JsonObject key, string name)
    {
        var found = new List<(string, string)>();
        if (CertData(key, name) is { } current)
        {
            found.Add((name, current));
        }
        if ((string?)key[ManagedDeclaration.Member]?[Rollover]?["cert-data"] is { } next)
        {
            found.Add((name + ".next", next));
        }
        if ((string?)key[ManagedDeclaration.Member]?[PreviousCertData] is { } previous)
        {
            found.Add((name + ".previous", previous));
        }
        return found;
    }

    /// <summary>
    /// Keeps each managed CA's publications in the bags of its <c>publish-to-bag</c> and, all in one CMS, in the
    /// <c>trust-anchor</c> of the bootstrap servers of its <c>publish-to-bootstrap-server</c>; removes what it published
    /// where it no longer publishes (a bag or server no longer listed, a rollover done or cancelled) if it still holds what
    /// sztpd wrote. A publication an edit changed to something else is an error.
    /// </summary>
    private static void Publish(JsonObject config, JsonObject old, Dictionary<string, JsonObject> keys, Dictionary<string, JsonObject> before, List<RestconfError> errors)
    {
        var published = new HashSet<(string Bag, string Entry)>();
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
            var publications = Publications(key, name);
            before.TryGetValue(name, out var previous);
            var wrote = previous is null ? [] : Publications(previous, name).ToDictionary(p => p.Entry, p => p.Data, StringComparer.Ordinal);
            foreach (var bag in declaration.Bags)
            {
                if (Bag(config, bag) is not { } entries)
                {
                    continue; // the leafref check names it
                }
                foreach (var (entryName, data) in publications)
                {
                    published.Add((bag, entryName));
                    var entry = entries.OfType<JsonObject>().FirstOrDefault(e => (string?)e["name"] == entryName);
                    var current = (string?)entry?["cert-data"];
                    if (entry is not null && current != data && current != wrote.GetValueOrDefault(entryName) && current != (string?)Entry(old, bag, entryName)?["cert-data"])
                    {
                        errors.Add(RestconfError.InvalidValue(
                            $"Certificate \"{entryName}\" of certificate-bag \"{bag}\" is published by sztpd (asymmetric-key \"{name}\" publish-to-bag): an edit may leave it out but not change it.",
                            $"/wn-sztpd-1:truststore/certificate-bags/certificate-bag={bag}/certificate={entryName}"));
                        continue;
                    }
                    if (entry is null)
                    {
                        entries.Add(new JsonObject { ["name"] = entryName, ["cert-data"] = data });
                    }
                    else
                    {
                        entry["cert-data"] = data;
                    }
                }
            }
            if (!declaration.BootstrapServers.Any())
            {
                continue;
            }
            var anchor = TrustAnchor(publications);
            var wroteAnchor = previous is null ? null : TrustAnchor(Publications(previous, name));
            foreach (var serverName in declaration.BootstrapServers)
            {
                var path = $"/wn-sztpd-1:bootstrap-servers/bootstrap-server={serverName}/trust-anchor";
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
                if (current is not null && current != anchor && current != wroteAnchor && current != (string?)BootstrapServer(old, serverName)?["trust-anchor"])
                {
                    errors.Add(RestconfError.InvalidValue(
                        $"The trust-anchor of bootstrap-server \"{serverName}\" is published by sztpd (asymmetric-key \"{name}\" publish-to-bootstrap-server): an edit may leave it out but not change it.", path));
                    continue;
                }
                server["trust-anchor"] = anchor;
            }
        }
        foreach (var (name, key) in before)
        {
            if (ManagedDeclaration.Of(key) is not { } declaration)
            {
                continue;
            }
            var publications = Publications(key, name);
            foreach (var bag in declaration.Bags)
            {
                foreach (var (entryName, data) in publications.Where(p => !published.Contains((bag, p.Entry))))
                {
                    if (Bag(config, bag) is { } entries
                        && entries.OfType<JsonObject>().FirstOrDefault(e => (string?)e["name"] == entryName && (string?)e["cert-data"] == data) is { } stale)
                    {
                        entries.Remove(stale);
                    }
                }
            }
            var anchor = declaration.BootstrapServers.Any() ? TrustAnchor(publications) : null;
            foreach (var serverName in declaration.BootstrapServers.Where(s => !anchored.ContainsKey(s)))
            {
                if (BootstrapServer(config, serverName) is { } server && (string?)server["trust-anchor"] == anchor)
                {
                    server.Remove("trust-anchor");
                }
            }
        }
    }

    /// <summary>One degenerate CMS of every certificate of <paramref name="publications"/>, each once, in their order.</summary>
    private static string TrustAnchor(List<(string Entry, string Data)> publications)
    {
        var all = publications.SelectMany(p => CmsCertificates.Decode(Convert.FromBase64String(p.Data))).ToList();
        try
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return Convert.ToBase64String(CmsCertificates.CreateDegenerate([.. all.Where(c => seen.Add(c.Thumbprint))]));
        }
        finally
        {
            foreach (var certificate in all)
            {
                certificate.Dispose();
            }
        }
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
