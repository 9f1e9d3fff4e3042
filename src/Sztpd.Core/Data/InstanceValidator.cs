using System.Text.Json;
using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Data;

/// <summary>
/// Validates RFC 7951 JSON instance data against the schema and rebuilds it in canonical form:
/// member names qualified exactly where the module changes, identityrefs qualified, leaf values checked
/// against their types, list keys present and unique, <c>unique</c> statements, choices, mandatory nodes
/// and element counts. Leafref existence is checked separately (<see cref="LeafrefIndex"/>).
/// </summary>
public sealed partial class InstanceValidator(SchemaContext schema, bool config)
{
    public List<RestconfError> Errors { get; } = [];

    public bool IsValid => Errors.Count == 0;

    /// <summary>For merge bodies: check types and keys but not mandatory nodes or element counts.</summary>
    public bool Partial { get; init; }

    /// <summary>
    /// A list whose entries are left as they are: found in the input as an array, it is not normalized nor put in the
    /// output, but set aside in <see cref="Deferred"/> (an edit's row list, whose entries are normalized one by one as
    /// they are written). Such a list may have no constraint over its entries together (<see cref="Datastore.RowList"/>).
    /// </summary>
    public ListNode? Defers { get; init; }

    /// <summary>The entries of <see cref="Defers"/> found in the input, with the normalized object and member they belong in.</summary>
    public DeferredEntries? Deferred { get; private set; }

    /// <summary>Normalizes the members of an object whose schema parent is <paramref name="node"/> (null: the datastore root).</summary>
    public JsonObject NormalizeObject(InteriorNode? node, JsonObject input, string path)
    {
        var output = new JsonObject();
        foreach (var (name, value) in input)
        {
            var child = Resolve(node, name, path);
            if (child is null)
            {
                continue;
            }
            var childPath = ChildPath(path, node, child);
            var key = MemberName(node, child);
            if (output.ContainsKey(key) || (ReferenceEquals(Deferred?.Owner, output) && Deferred.Member == key))
            {
                Errors.Add(RestconfError.Malformed($"The member \"{name}\" appears more than once in {Display(path)}."));
                continue;
            }
            if (ReferenceEquals(child, Defers) && value is JsonArray entries)
            {
                Deferred = new DeferredEntries(output, key, entries);
                continue;
            }
            var normalized = NormalizeValue(child, value, childPath);
            if (normalized is not null)
            {
                output[key] = normalized;
            }
        }
        if (node is not null)
        {
            CheckConstraints(node, output, path);
        }
        return output;
    }

    /// <summary>Normalizes the value of one data node (object, array of entries, leaf value...).</summary>
    public JsonNode? NormalizeValue(SchemaNode node, JsonNode? value, string path)
    {
        switch (node)
        {
            case ContainerNode c:
                if (value is JsonObject o)
                {
                    return NormalizeObject(c, o, path);
                }
                Errors.Add(RestconfError.InvalidValue($"\"{node.Name}\" must be a JSON object.", path));
                return null;
            case ListNode l:
                return NormalizeList(l, value, path);
            case LeafNode leaf:
                return NormalizeLeaf(leaf, leaf.Type, value, path);
            case LeafListNode ll:
                return NormalizeLeafList(ll, value, path);
            case AnyDataNode:
                return value?.DeepClone();
            default:
                Errors.Add(RestconfError.UnknownElement($"\"{node.Name}\" cannot hold data.", path));
                return null;
        }
    }

    /// <summary>Normalizes one list entry (keys required).</summary>
    public JsonObject? NormalizeEntry(ListNode list, JsonNode? value, string listPath)
    {
        if (value is not JsonObject entry)
        {
            Errors.Add(RestconfError.InvalidValue($"Each \"{list.Name}\" entry must be a JSON object.", listPath));
            return null;
        }
        var missing = list.Keys.Where(k => !HasMember(entry, list, k)).ToList();
        if (missing.Count > 0)
        {
            Errors.Add(RestconfError.MissingElement($"A \"{list.Name}\" entry is missing its key \"{string.Join(",", missing)}\".", listPath));
            return null;
        }
        var normalized = NormalizeObject(list, entry, listPath);
        if (config)
        {
            CheckKeys(list, normalized, listPath);
        }
        return normalized;
    }

    private JsonArray? NormalizeList(ListNode list, JsonNode? value, string path)
    {
        if (value is not JsonArray array)
        {
            Errors.Add(RestconfError.InvalidValue($"\"{list.Name}\" must be a JSON array of entries.", path));
            return null;
        }
        var output = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in array)
        {
            var entry = NormalizeEntry(list, item, path);
            if (entry is null)
            {
                continue;
            }
            // Compared as the path writes them (commas inside a value encoded): "x,y"+"z" and "x"+"y,z" are different entries.
            var keys = DataKeys.KeyValues(list, entry);
            if (keys is not null && !seen.Add(string.Join(",", keys.Select(Uri.EscapeDataString))))
            {
                Errors.Add(DuplicateEntry(list, string.Join(",", keys), path));
                continue;
            }
            output.Add(entry);
        }
        CheckUniques(list, output, path);
        return output;
    }

    /// <summary>The refusal of a second list entry with the same key.</summary>
    public static RestconfError DuplicateEntry(ListNode list, string key, string path) =>
        RestconfError.DataExists($"Duplicate \"{list.Name}\" entry with key \"{key}\".", path) with { Status = 400, Tag = "invalid-value" };

    private JsonNode? NormalizeLeaf(SchemaNode leaf, YangType type, JsonNode? value, string path)
    {
        var result = LeafValue.Check(type, value, leaf.Module, schema, out var error);
        if (error is not null)
        {
            // The message names the field; it repeats no part of a secret, and at most a short part of anything else.
            var shown = SecretLeaves.IsSecret(leaf) ? "" : ShownValue.Of(value) + " ";
            Errors.Add(RestconfError.InvalidValue($"Invalid value {shown}for \"{leaf.Name}\": {error}.", path));
        }
        return result;
    }

    private JsonArray? NormalizeLeafList(LeafListNode ll, JsonNode? value, string path)
    {
        if (value is not JsonArray array)
        {
            Errors.Add(RestconfError.InvalidValue($"\"{ll.Name}\" must be a JSON array.", path));
            return null;
        }
        var output = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in array)
        {
            var v = NormalizeLeaf(ll, ll.Type, item, path);
            if (v is not null && config && !seen.Add(v.ToJsonString()))
            {
                Errors.Add(RestconfError.InvalidValue($"Duplicate value {(SecretLeaves.IsSecret(ll) ? "" : ShownValue.Of(v) + " ")}in leaf-list \"{ll.Name}\".", path));
                continue;
            }
            if (v is not null)
            {
                output.Add(v);
            }
        }
        return output;
    }

    private static bool HasMember(JsonObject obj, InteriorNode parent, string name) =>
        obj.ContainsKey(name) || obj.ContainsKey($"{parent.Module.Name}:{name}");

    private static string Display(string path) => path.Length == 0 ? "the datastore" : $"\"{path}\"";

    internal static JsonValueKind Kind(JsonNode? n) => n?.GetValueKind() ?? JsonValueKind.Null;
}

/// <summary>The entries of a deferred list (<see cref="InstanceValidator.Defers"/>), as the input gave them, and where they belong in the output.</summary>
public sealed record DeferredEntries(JsonObject Owner, string Member, JsonArray Entries);
