using System.Text.Json;
using System.Text.Json.Nodes;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Data;

/// <summary>List-entry keys and small navigation helpers over canonical RFC 7951 JSON.</summary>
public static class DataKeys
{
    /// <summary>The text of a leaf value as it appears in a RESTCONF path (strings unquoted, numbers as written).</summary>
    public static string? Text(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray { Count: 1 } a when a[0] is null => string.Empty,
        _ => value.ToJsonString(),
    };

    /// <summary>The entry's key values joined by commas (as in <c>list=k1,k2</c>), or null when a key is missing.</summary>
    public static string? EntryKey(ListNode list, JsonObject entry) =>
        KeyValues(list, entry) is { } keys ? string.Join(",", keys) : null;

    /// <summary>Key values of an entry (null when a key is missing).</summary>
    public static IReadOnlyList<string>? KeyValues(ListNode list, JsonObject entry)
    {
        var parts = new List<string>(list.Keys.Count);
        foreach (var k in list.Keys)
        {
            if (Text(entry[k]) is not { } v)
            {
                return null;
            }
            parts.Add(v);
        }
        return parts;
    }

    /// <summary>A descendant value by a relative path of node names ("a/b"), prefixes ignored.</summary>
    public static JsonNode? Descendant(JsonObject obj, string relativePath)
    {
        JsonNode? current = obj;
        foreach (var raw in relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = raw[(raw.IndexOf(':', StringComparison.Ordinal) + 1)..];
            if (current is not JsonObject o)
            {
                return null;
            }
            current = o[name] ?? o.FirstOrDefault(kv => kv.Key.EndsWith(":" + name, StringComparison.Ordinal)).Value;
        }
        return current;
    }
}
