using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Schema;

namespace Sztpd.Server.Southbound;

/// <summary>
/// Media types on the southbound interface: the request's format from Content-Type, the response's from Accept,
/// else the request's (real agents send no Accept), else JSON; bodies are written like SZTPD's (two-space JSON).
/// </summary>
internal static class SouthboundMedia
{
    public const string Json = "application/yang-data+json";
    public const string Xml = "application/yang-data+xml";
    private const string RestconfNs = "urn:ietf:params:xml:ns:yang:ietf-restconf";

    /// <summary>The format a media type names; null for anything else.</summary>
    public static RestconfEncoding? FormatOf(string? mediaType)
    {
        var bare = mediaType?.Split(';')[0].Trim().ToLowerInvariant();
        return bare switch
        {
            Json or "application/json" => RestconfEncoding.Json,
            Xml or "application/yang.data+xml" or "application/xml" => RestconfEncoding.Xml,
            _ => null,
        };
    }

    public static RestconfEncoding? RequestFormat(HttpContext ctx) => FormatOf(ctx.Request.ContentType);

    /// <summary>Accept (first yang-data type it names), else Content-Type, else JSON.</summary>
    public static RestconfEncoding ResponseFormat(HttpContext ctx)
    {
        foreach (var a in ctx.Request.Headers.Accept.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (FormatOf(a) is { } f)
            {
                return f;
            }
        }
        return RequestFormat(ctx) ?? RestconfEncoding.Json;
    }

    /// <summary>
    /// The whole body with its Content-Length, so the response leaves in one TLS record and the device has all of it
    /// while the request's log entries are still being committed (chunked, it would wait for the last chunk).
    /// </summary>
    public static async Task WriteAsync(HttpContext ctx, int status, string body, RestconfEncoding format)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = format == RestconfEncoding.Xml ? Xml : Json;
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    /// <summary>The <c>ietf-restconf:errors</c> document in the response format.</summary>
    public static string ErrorBody(RestconfError error, RestconfEncoding format)
    {
        if (format == RestconfEncoding.Json)
        {
            return PythonJson.Dumps(RestconfError.ToDocument([error]));
        }
        XNamespace ns = RestconfNs;
        var e = new XElement(ns + "error", new XElement(ns + "error-type", error.Type), new XElement(ns + "error-tag", error.Tag));
        if (error.Message is not null)
        {
            e.Add(new XElement(ns + "error-message", XmlText(error.Message)));
        }
        if (error.Info is not null)
        {
            // Members of error-info are YANG structures of the SBI modules (RFC 9646 csr-request).
            e.Add(new XElement(ns + "error-info", error.Info.SelectMany(m => XmlCodec.ToXml(SouthboundSchema.Context,
                SouthboundSchema.Context.FindModule(m.Key.Split(':')[0])!.YangData[m.Key.Split(':')[1]], m.Value))));
        }
        return new XElement(ns + "errors", e).ToString();
    }

    /// <summary>
    /// <paramref name="text"/> with each character XML 1.0 cannot carry (most C0 controls, an unpaired surrogate) written
    /// as <c>\uXXXX</c>: a message may quote what the device sent, e.g. the parser's "'\x01' is an invalid character".
    /// </summary>
    private static string XmlText(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c))
            {
                sb.Append(c);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                sb.Append(c).Append(text[++i]);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }
        return sb.ToString();
    }

    public static Task WriteErrorAsync(HttpContext ctx, RestconfError error, RestconfEncoding format) =>
        WriteAsync(ctx, error.Status, ErrorBody(error, format), format);
}
