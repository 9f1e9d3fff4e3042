using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Data;

/// <summary>
/// RFC 7950 XML encoding of RFC 7951 JSON instance data and back, driven by the schema: namespaces from modules,
/// lists and leaf-lists as repeated elements, <c>empty</c> as an empty element, identityrefs as prefixed names.
/// </summary>
public static class XmlCodec
{
    private static readonly HashSet<string> NumberTypes = new(StringComparer.Ordinal) { "int8", "int16", "int32", "uint8", "uint16", "uint32" };

    /// <summary>The element for data node <paramref name="node"/> holding <paramref name="value"/> (a JSON object for containers).</summary>
    public static IEnumerable<XElement> ToXml(SchemaContext schema, SchemaNode node, JsonNode? value)
    {
        XNamespace ns = node.Module.Namespace;
        switch (node)
        {
            case ListNode list:
                foreach (var entry in (value as JsonArray ?? []).OfType<JsonObject>())
                {
                    yield return new XElement(ns + node.Name, Children(schema, list, entry));
                }
                break;
            case LeafListNode leafList:
                foreach (var item in value as JsonArray ?? [])
                {
                    yield return Leaf(schema, ns + node.Name, leafList.Type, item);
                }
                break;
            case LeafNode leaf:
                yield return Leaf(schema, ns + node.Name, leaf.Type, value);
                break;
            case InteriorNode interior:
                yield return new XElement(ns + node.Name, Children(schema, interior, value as JsonObject ?? []));
                break;
            default:
                yield return new XElement(ns + node.Name, value?.ToJsonString());
                break;
        }
    }

    /// <summary>The members' elements in the object's order, except that a list entry's keys come first, in the order of the
    /// <c>key</c> statement (RFC 7950 section 7.8.5).</summary>
    private static IEnumerable<XElement> Children(SchemaContext schema, InteriorNode parent, JsonObject obj)
    {
        var members = obj.Select(m => (Node: schema.FindMember(parent, m.Key), m.Value)).Where(m => m.Node is not null);
        if (parent is ListNode list)
        {
            members = members.OrderBy(m => KeyRank(list, m.Node!));
        }
        return members.SelectMany(m => ToXml(schema, m.Node!, m.Value));
    }

    private static int KeyRank(ListNode list, SchemaNode node)
    {
        var rank = node is LeafNode && ReferenceEquals(node.Module, list.Module) ? list.Keys.IndexOf(node.Name) : -1;
        return rank < 0 ? list.Keys.Count : rank;
    }

    private static XElement Leaf(SchemaContext schema, XName name, YangType type, JsonNode? value)
    {
        if (value is JsonArray)
        {
            return new XElement(name);
        }
        var text = value is null ? "" : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        if (type.BaseType == "identityref" && text.Split(':') is [var module, var id] && schema.FindModule(module) is { } m)
        {
            XNamespace ns = m.Namespace;
            return new XElement(name, new XAttribute(XNamespace.Xmlns + m.Prefix, ns.NamespaceName), $"{m.Prefix}:{id}");
        }
        return new XElement(name, text);
    }

    /// <summary>The JSON object for the children of <paramref name="element"/>, whose schema node is <paramref name="parent"/>.</summary>
    public static JsonObject FromXml(SchemaContext schema, InteriorNode parent, XElement element, List<RestconfError> errors)
    {
        var result = new JsonObject();
        foreach (var child in element.Elements())
        {
            var module = schema.Modules.Values.FirstOrDefault(m => m.Namespace == child.Name.NamespaceName);
            var node = module is null ? null : parent.FindDataChild(module.Name, child.Name.LocalName);
            if (node is null)
            {
                errors.Add(RestconfError.UnknownElement($"Unknown element \"{child.Name.LocalName}\" in namespace \"{child.Name.NamespaceName}\"."));
                continue;
            }
            var member = node.Module == parent.Module ? node.Name : $"{node.Module.Name}:{node.Name}";
            JsonNode? value = node switch
            {
                InteriorNode interior => FromXml(schema, interior, child, errors),
                LeafNode leaf => LeafValue(schema, leaf.Type, child),
                LeafListNode leafList => LeafValue(schema, leafList.Type, child),
                _ => JsonValue.Create(child.Value),
            };
            if (node is ListNode or LeafListNode)
            {
                if (result[member] is not JsonArray array)
                {
                    result[member] = array = [];
                }
                array.Add(value);
            }
            else if (!result.TryAdd(member, value))
            {
                errors.Add(RestconfError.Malformed($"The element \"{child.Name.LocalName}\" appears more than once."));
            }
        }
        return result;
    }

    private static JsonNode? LeafValue(SchemaContext schema, YangType type, XElement e)
    {
        var text = e.Value;
        switch (type.BaseType)
        {
            case "empty":
                return new JsonArray((JsonNode?)null);
            case "boolean" when text is "true" or "false":
                return JsonValue.Create(text == "true");
            case var t when NumberTypes.Contains(t) && long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n):
                return JsonValue.Create(n);
            case "identityref" when text.Split(':') is [var prefix, var id]:
                var ns = e.GetNamespaceOfPrefix(prefix)?.NamespaceName;
                var module = schema.Modules.Values.FirstOrDefault(m => m.Namespace == ns);
                return JsonValue.Create(module is null ? text : $"{module.Name}:{id}");
            default:
                return JsonValue.Create(text);
        }
    }
}
