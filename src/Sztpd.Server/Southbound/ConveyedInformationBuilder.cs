using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;

namespace Sztpd.Server.Southbound;

/// <summary>
/// Builds <c>ietf-sztp-conveyed-info</c> data from a selected response and the configured building blocks
/// (boot images, scripts, configurations, bootstrap servers), in SZTPD's member order (compat section 3.3 step 5).
/// </summary>
internal static class ConveyedInformationBuilder
{
    public const string Module = "ietf-sztp-conveyed-info";

    /// <summary>The conveyed information and the log's <c>response-details</c>, or an error.</summary>
    public static (JsonObject? Conveyed, JsonObject? Details, RestconfError? Error) Build(JsonObject config, JsonObject response)
    {
        var source = (JsonObject)response["conveyed-information"]!;
        if (source["redirect-information"]?["reference"] is { } r)
        {
            return (Redirect(config, (string)r!), Details("redirect-information", (string)r!), null);
        }
        if (source["onboarding-information"]?["reference"] is { } o)
        {
            return (Onboarding(config, (string)o!), Details("onboarding-information", (string)o!), null);
        }
        return (null, null, new RestconfError(501, "application", "operation-not-supported", "Dynamic callouts are not implemented yet."));
    }

    private static JsonObject Details(string kind, string name) => new()
    {
        ["managed-response"] = new JsonObject
        {
            ["conveyed-information"] = new JsonObject { [kind] = new JsonObject { ["referenced-definition"] = name } },
        },
    };

    private static JsonObject Redirect(JsonObject config, string name)
    {
        var response = Entry(config["wn-sztpd-1:conveyed-information-responses"]?["redirect-information-response"], name);
        var servers = new JsonArray();
        foreach (var serverName in response?["redirect-information"]?["bootstrap-server"] as JsonArray ?? [])
        {
            var server = Entry(config["wn-sztpd-1:bootstrap-servers"]?["bootstrap-server"], (string)serverName!);
            if (server is null)
            {
                continue;
            }
            var entry = new JsonObject { ["address"] = server["address"]!.DeepClone(), ["port"] = server["port"]?.DeepClone() ?? 443 };
            if (server["trust-anchor"] is { } ta)
            {
                entry["trust-anchor"] = ta.DeepClone();
            }
            servers.Add(entry);
        }
        return new JsonObject { [$"{Module}:redirect-information"] = new JsonObject { ["bootstrap-server"] = servers } };
    }

    private static JsonObject Onboarding(JsonObject config, string name)
    {
        var refs = Entry(config["wn-sztpd-1:conveyed-information-responses"]?["onboarding-information-response"], name)?["onboarding-information"];
        var info = new JsonObject();
        if (Entry(config["wn-sztpd-1:boot-images"]?["boot-image"], (string?)refs?["boot-image"]) is { } image)
        {
            var boot = new JsonObject();
            foreach (var leaf in new[] { "os-name", "os-version", "download-uri" })
            {
                if (image[leaf] is { } v)
                {
                    boot[leaf] = v.DeepClone();
                }
            }
            if (image["image-verification"] is JsonArray hashes)
            {
                boot["image-verification"] = new JsonArray(hashes.OfType<JsonObject>().Select(h => (JsonNode)new JsonObject
                {
                    ["hash-algorithm"] = h["hash-algorithm"]!.DeepClone(),
                    ["hash-value"] = ((string)h["hash-value"]!).ToLowerInvariant(),
                }).ToArray());
            }
            info["boot-image"] = boot;
        }
        var scripts = config["wn-sztpd-1:scripts"];
        if (Entry(scripts?["pre-configuration-script"], (string?)refs?["pre-configuration-script"]) is { } pre)
        {
            info["pre-configuration-script"] = pre["script"]?.DeepClone();
        }
        if (Entry(config["wn-sztpd-1:configurations"]?["configuration"], (string?)refs?["configuration"]) is { } configuration)
        {
            info["configuration-handling"] = configuration["configuration-handling"]?.DeepClone();
            info["configuration"] = configuration["config"]?.DeepClone();
        }
        if (Entry(scripts?["post-configuration-script"], (string?)refs?["post-configuration-script"]) is { } post)
        {
            info["post-configuration-script"] = post["script"]?.DeepClone();
        }
        return new JsonObject { [$"{Module}:onboarding-information"] = info };
    }

    private static JsonObject? Entry(JsonNode? list, string? name) =>
        name is null ? null : (list as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(e => (string?)e["name"] == name);
}
