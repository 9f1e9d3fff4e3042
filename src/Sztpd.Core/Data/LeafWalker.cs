using System.Text.Json.Nodes;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Data;

/// <summary>Visits every leaf and leaf-list member of a canonical document with the object that holds it.</summary>
public static class LeafWalker
{
    /// <summary>Calls <paramref name="visit"/>(schema node, owning object, member name, value) for each leaf and leaf-list.</summary>
    public static void Walk(SchemaContext schema, InteriorNode? node, JsonObject obj, Action<SchemaNode, JsonObject, string, JsonNode?> visit)
    {
        foreach (var (name, value) in obj.ToList())
        {
            switch (schema.FindMember(node, name))
            {
                case SchemaNode leaf when leaf is LeafNode or LeafListNode:
                    visit(leaf, obj, name, value);
                    break;
                case ContainerNode c when value is JsonObject o:
                    Walk(schema, c, o, visit);
                    break;
                case ListNode l when value is JsonArray entries:
                    foreach (var e in entries.OfType<JsonObject>())
                    {
                        Walk(schema, l, e, visit);
                    }
                    break;
            }
        }
    }
}
