using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Data;

/// <summary>
/// Every leaf and leaf-list value of a document by schema node, so leafrefs (RFC 7950 section 9.9) can be
/// checked for an existing target instance.
/// </summary>
public sealed class LeafrefIndex
{
    private readonly Dictionary<SchemaNode, HashSet<string>> _values = [];

    public static LeafrefIndex Build(SchemaContext schema, JsonObject doc)
    {
        var index = new LeafrefIndex();
        Walk(schema, null, doc, (node, value) =>
        {
            if (!index._values.TryGetValue(node, out var set))
            {
                index._values[node] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.Add(value);
        });
        return index;
    }

    public bool Contains(SchemaNode target, string value) => _values.TryGetValue(target, out var s) && s.Contains(value);

    public IReadOnlySet<string> ValuesOf(SchemaNode target) => _values.TryGetValue(target, out var s) ? s : new HashSet<string>();

    /// <summary>Checks every require-instance leafref under <paramref name="node"/>; collects (schema path, value) pairs when asked.</summary>
    public void Check(SchemaContext schema, InteriorNode? node, JsonObject obj, string path, List<RestconfError> errors, List<Storage.RowReference>? collect = null)
    {
        Walk(schema, node, obj, (leaf, value) =>
        {
            var type = leaf is LeafNode l ? l.Type : ((LeafListNode)leaf).Type;
            if (type.BaseType != "leafref" || type.LeafrefTarget is not { } target)
            {
                return;
            }
            collect?.Add(new Storage.RowReference(leaf.Path, value));
            if (type.RequireInstance && !Contains(target, value))
            {
                errors.Add(RestconfError.InvalidValue(
                    $"\"{leaf.Name}\" refers to \"{value}\", but no {target.DataParent?.Name ?? target.Name} with {target.Name} \"{value}\" exists.",
                    leaf.Path) with
                { AppTag = "instance-required" });
            }
        });
    }

    /// <summary>Calls <paramref name="visit"/> for every leaf and leaf-list value under <paramref name="node"/>.</summary>
    private static void Walk(SchemaContext schema, InteriorNode? node, JsonObject obj, Action<SchemaNode, string> visit) =>
        LeafWalker.Walk(schema, node, obj, (leaf, _, _, value) =>
        {
            var values = leaf is LeafListNode && value is JsonArray array ? array.ToArray() : [value];
            foreach (var v in values)
            {
                if (DataKeys.Text(v) is { } text)
                {
                    visit(leaf, text);
                }
            }
        });
}
