using System.Text.Json.Nodes;
using Sztpd.Core.Schema;

namespace Sztpd.Server.Southbound;

/// <summary>The southbound YANG library (RFC 8525): the modules a device can use on the RFC 8572 interface.</summary>
internal static class SouthboundYangLibrary
{
    private static readonly Lazy<JsonObject> Built = new(Build);

    public static JsonObject Document => (JsonObject)Built.Value.DeepClone();

    private static JsonObject Build()
    {
        var schema = SouthboundSchema.Context;
        var implemented = new JsonArray();
        var imported = new JsonArray();
        var used = new HashSet<string>(schema.Implemented, StringComparer.Ordinal);
        var pending = new Queue<string>(used);
        while (pending.TryDequeue(out var name))
        {
            foreach (var import in schema.Modules[name].PrefixToModule.Values.Where(used.Add))
            {
                pending.Enqueue(import);
            }
        }
        foreach (var m in schema.Modules.Values.Where(m => used.Contains(m.Name)).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            var entry = new JsonObject { ["name"] = m.Name, ["revision"] = m.Revision ?? "", ["namespace"] = m.Namespace };
            if (schema.Implemented.Contains(m.Name))
            {
                if (m.Features.Count > 0)
                {
                    entry["feature"] = new JsonArray(m.Features.Order(StringComparer.Ordinal).Select(f => (JsonNode)f).ToArray());
                }
                implemented.Add(entry);
            }
            else
            {
                imported.Add(entry);
            }
        }
        var contentId = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(implemented.ToJsonString() + imported.ToJsonString())))[..16].ToLowerInvariant();
        return new JsonObject
        {
            ["ietf-yang-library:yang-library"] = new JsonObject
            {
                ["module-set"] = new JsonArray(new JsonObject { ["name"] = "sbi", ["module"] = implemented, ["import-only-module"] = imported }),
                ["schema"] = new JsonArray(new JsonObject { ["name"] = "sbi", ["module-set"] = new JsonArray("sbi") }),
                ["datastore"] = new JsonArray(new JsonObject { ["name"] = "ietf-datastores:operational", ["schema"] = "sbi" }),
                ["content-id"] = contentId,
            },
        };
    }
}
