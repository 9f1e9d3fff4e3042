using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Data;
using Sztpd.Core.Schema;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// Builds <c>ietf-sztp-conveyed-info</c> data from a selected response and the configured building blocks
/// (boot images, scripts, configurations, bootstrap servers), in SZTPD's member order (compat section 3.3 step 5).
/// </summary>
public static class ConveyedInformationBuilder
{
    public const string Module = "ietf-sztp-conveyed-info";

    /// <summary>
    /// The conveyed information of a configured redirect or onboarding response and the log's <c>response-details</c>
    /// (a dynamic callout's is <see cref="Outbound.ResponseCallout"/>'s).
    /// </summary>
    public static (JsonObject Conveyed, JsonObject Details) Build(ConveyedInformationBlocks blocks, ResponseReference response)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(response);
        return response.Kind switch
        {
            ResponseKind.RedirectInformation => (Redirect(blocks, response.Name!), Details("redirect-information", response.Name!)),
            ResponseKind.OnboardingInformation => (Onboarding(blocks, response.Name!), Details("onboarding-information", response.Name!)),
            _ => throw new ArgumentOutOfRangeException(nameof(response), response.Kind, "Only configured redirect or onboarding information."),
        };
    }

    /// <summary>The conveyed information as the CMS content holds it: Python-style JSON, or RFC 7950 XML (id-ct-sztpConveyedInfoXML).</summary>
    public static byte[] Payload(JsonObject conveyed, bool xml)
    {
        ArgumentNullException.ThrowIfNull(conveyed);
        if (!xml)
        {
            return System.Text.Encoding.UTF8.GetBytes(PythonJson.Dumps(conveyed));
        }
        var (name, value) = conveyed.First();
        var node = SouthboundSchema.Context.FindMember(SouthboundSchema.ConveyedInformation, name)!;
        return System.Text.Encoding.UTF8.GetBytes(XmlCodec.ToXml(SouthboundSchema.Context, node, value).Single().ToString());
    }

    private static JsonObject Details(string kind, string name) => new()
    {
        ["managed-response"] = new JsonObject
        {
            ["conveyed-information"] = new JsonObject { [kind] = new JsonObject { ["referenced-definition"] = name } },
        },
    };

    private static JsonObject Redirect(ConveyedInformationBlocks blocks, string name)
    {
        var servers = new JsonArray();
        foreach (var serverName in blocks.RedirectResponses.GetValueOrDefault(name) ?? [])
        {
            if (!blocks.BootstrapServers.TryGetValue(serverName, out var server))
            {
                continue;
            }
            var entry = new JsonObject { ["address"] = server.Address, ["port"] = server.Port ?? 443 };
            if (server.TrustAnchor is { } ta)
            {
                entry["trust-anchor"] = ta;
            }
            servers.Add(entry);
        }
        return new JsonObject { [$"{Module}:redirect-information"] = new JsonObject { ["bootstrap-server"] = servers } };
    }

    private static JsonObject Onboarding(ConveyedInformationBlocks blocks, string name)
    {
        var refs = blocks.OnboardingResponses.GetValueOrDefault(name);
        var info = new JsonObject();
        if (Entry(blocks.BootImages, refs?.BootImage) is { } image)
        {
            info["boot-image"] = BootImage(image);
        }
        if (refs?.PreConfigurationScript is { } pre && blocks.PreConfigurationScripts.TryGetValue(pre, out var preScript))
        {
            info["pre-configuration-script"] = preScript;
        }
        if (Entry(blocks.Configurations, refs?.Configuration) is { } configuration)
        {
            info["configuration-handling"] = configuration.Handling;
            info["configuration"] = configuration.Config;
        }
        if (refs?.PostConfigurationScript is { } post && blocks.PostConfigurationScripts.TryGetValue(post, out var postScript))
        {
            info["post-configuration-script"] = postScript;
        }
        return new JsonObject { [$"{Module}:onboarding-information"] = info };
    }

    private static JsonObject BootImage(BootImage image)
    {
        var boot = new JsonObject();
        if (image.OsName is { } osName)
        {
            boot["os-name"] = osName;
        }
        if (image.OsVersion is { } osVersion)
        {
            boot["os-version"] = osVersion;
        }
        if (image.DownloadUris is { } uris)
        {
            boot["download-uri"] = new JsonArray([.. uris.Select(u => (JsonNode)u)]);
        }
        if (image.ImageVerification is { } hashes)
        {
            boot["image-verification"] = new JsonArray([.. hashes.Select(h => (JsonNode)new JsonObject
            {
                ["hash-algorithm"] = h.HashAlgorithm,
                ["hash-value"] = h.HashValue.ToLowerInvariant(),
            })]);
        }
        return boot;
    }

    private static T? Entry<T>(IReadOnlyDictionary<string, T> entries, string? name) where T : class =>
        name is not null && entries.TryGetValue(name, out var entry) ? entry : null;
}
