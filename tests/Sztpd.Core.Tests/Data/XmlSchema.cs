using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Data;

/// <summary>Container <c>x:top</c> with a leaf of each XML-relevant type, a list, a leaf-list, and a leaf augmented by module <c>o</c>.</summary>
internal static class XmlSchema
{
    public static SchemaContext Context { get; } = Compile(
        Module("x", """
            identity kind-base;
            identity local { base kind-base; }
            container top {
              leaf name { type string; }
              leaf count { type uint32; }
              leaf big { type int64; }
              leaf ratio { type decimal64 { fraction-digits 2; } }
              leaf enabled { type boolean; }
              leaf marker { type empty; }
              leaf kind { type identityref { base kind-base; } }
              leaf-list tag { type string; }
              list entry { key "id"; leaf value { type int8; } leaf id { type string; } }
              container inner { leaf note { type string; } }
            }
            """),
        Module("o", """
            import x { prefix x; }
            identity other { base x:kind-base; }
            augment /x:top { leaf extra { type string; } }
            """));

    public static ContainerNode Top => (ContainerNode)Context.FindTopLevel("x", "top")!;

    /// <summary>The <c>top</c> element for the JSON object of its children, without formatting.</summary>
    public static string ToXml(string json) =>
        XmlCodec.ToXml(Context, Top, JsonNode.Parse(json)).Single().ToString(SaveOptions.DisableFormatting);

    /// <summary>The JSON object of the children of the XML text's root element, read as <c>top</c>.</summary>
    public static (JsonObject Json, List<RestconfError> Errors) FromXml(string xml)
    {
        var errors = new List<RestconfError>();
        var json = XmlCodec.FromXml(Context, Top, XElement.Parse(xml), errors);
        return (json, errors);
    }
}
