using System.Xml;
using System.Xml.Linq;
using Sztpd.Core.Limits;

namespace Sztpd.Core.Data;

/// <summary>
/// Loads an XML request body at a cost linear in its size: a DTD is refused outright (so no entity expansion), and the
/// nesting depth and the element count are checked in a first streaming pass, before any tree is built.
/// </summary>
public static class BoundedXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>The root element of <paramref name="body"/>.</summary>
    /// <exception cref="XmlException">The body is not well-formed, has a DTD, or exceeds the limits.</exception>
    public static XElement Load(byte[] body, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(limits);
        using (var reader = XmlReader.Create(new MemoryStream(body, writable: false), Settings))
        {
            var elements = 0;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                if (reader.Depth >= limits.MaxNestingDepth)
                {
                    throw new XmlException($"The XML is nested deeper than {limits.MaxNestingDepth} levels.");
                }
                if (++elements > limits.MaxXmlElements)
                {
                    throw new XmlException($"The XML holds more than {limits.MaxXmlElements} elements.");
                }
            }
        }
        using var second = XmlReader.Create(new MemoryStream(body, writable: false), Settings);
        return XElement.Load(second);
    }
}
