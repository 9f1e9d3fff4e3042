using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Sztpd.Core.Data;
using Sztpd.Core.Limits;
using Sztpd.Core.Restconf;
using Sztpd.Core.Schema;

namespace Sztpd.Core.Outbound;

/// <summary>
/// A webhook's <c>encoding xml</c> (RFC 7950 XML, as RESTCONF's <c>application/yang-data+xml</c>): the request body
/// written from its JSON, member by member (a module-qualified member takes that module's namespace, an array repeats
/// its element, <c>[null]</c> is an empty element), and the answer read back into JSON: conveyed information through
/// RFC 8572's schema, <c>ietf-restconf:errors</c> and <c>wn-sztpd-rpcs:output</c> by their known lists.
/// </summary>
public static class CalloutXml
{
    private const string RestconfNamespace = "urn:ietf:params:xml:ns:yang:ietf-restconf";

    /// <summary>The lists of the documents read back, which are arrays even with one entry.</summary>
    private static readonly string[] Lists = ["error", "verification-result"];

    /// <summary>The XML of a webhook's JSON request body (one member: <c>wn-sztpd-rpcs:input</c>).</summary>
    public static string Body(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var (name, value) = body.First();
        return Elements(name, value, XNamespace.None).Single().ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>The JSON of an XML answer to a callout implementing <paramref name="rpc"/>, or null when it is not XML this reads.</summary>
    public static JsonObject? Answer(string text, string rpc, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        XElement root;
        try
        {
            root = BoundedXml.Load(Encoding.UTF8.GetBytes(text), limits);
        }
        catch (XmlException)
        {
            return null;
        }
        if (root.Name == XName.Get("errors", RestconfNamespace))
        {
            return new JsonObject { ["ietf-restconf:errors"] = Generic(root) };
        }
        if (rpc == Configuration.DynamicCallout.GetBootstrappingData)
        {
            var errors = new List<RestconfError>();
            var conveyed = XmlCodec.FromXml(SouthboundSchema.Context, SouthboundSchema.ConveyedInformation, new XElement("wrapper", root), errors);
            return errors.Count > 0 || conveyed.Count != 1 ? null
                : new JsonObject { [SouthboundSchema.ConveyedInfoModule + ":" + LocalName(conveyed.First().Key)] = conveyed.First().Value?.DeepClone() };
        }
        return new JsonObject { [$"{ModuleOf(root.Name.NamespaceName)}:{root.Name.LocalName}"] = Generic(root) };
    }

    private static IEnumerable<XElement> Elements(string member, JsonNode? value, XNamespace parent)
    {
        var colon = member.IndexOf(':', StringComparison.Ordinal);
        var ns = colon < 0 ? parent : NamespaceOf(member[..colon]);
        var name = ns + member[(colon + 1)..];
        return value switch
        {
            JsonArray { Count: 1 } empty when empty[0] is null => [new XElement(name)],
            JsonArray items => items.SelectMany(item => Elements(member[(colon + 1)..], item, ns)),
            JsonObject o => [new XElement(name, o.SelectMany(m => Elements(m.Key, m.Value, ns)))],
            null => [new XElement(name)],
            _ => [new XElement(name, value.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)value! : value.ToJsonString())],
        };
    }

    /// <summary>An element's children as JSON: a leaf's text, a known list's entries as an array, other repeated names too.</summary>
    private static JsonNode? Generic(XElement element)
    {
        if (!element.HasElements)
        {
            return element.Value;
        }
        var o = new JsonObject();
        foreach (var group in element.Elements().GroupBy(e => e.Name.LocalName))
        {
            o[group.Key] = group.Count() > 1 || Lists.Contains(group.Key)
                ? new JsonArray([.. group.Select(Generic)])
                : Generic(group.Single());
        }
        return o;
    }

    private static XNamespace NamespaceOf(string module) =>
        module.StartsWith("ietf-", StringComparison.Ordinal) ? $"urn:ietf:params:xml:ns:yang:{module}" : $"urn:sztpd:yang:{module}";

    private static string ModuleOf(string ns) => ns[(ns.LastIndexOf(':') + 1)..];

    private static string LocalName(string member) => member[(member.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
