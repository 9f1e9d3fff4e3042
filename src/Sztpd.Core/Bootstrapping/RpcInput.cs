using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Sztpd.Core.Data;
using Sztpd.Core.Limits;
using Sztpd.Core.Restconf;
using Sztpd.Core.Schema;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// Parses and validates RPC input against ietf-sztp-bootstrap-server, tolerant of what real agents send
/// (a nonce of the wrong length, a trust-anchor-cert that is not CMS, SSH host keys without key data):
/// those are accepted as sent and reported as warnings. Nesting and size are bounded first (<see cref="InputLimits"/>);
/// XML with a DTD is refused.
/// </summary>
public static class RpcInput
{
    private const string Namespace = "urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server";
    private const string Member = "ietf-sztp-bootstrap-server:input";
    private static readonly string[] Tolerated = ["/nonce", "/trust-anchor-cert", "/ssh-host-key", "/key-data", "/algorithm"];

    /// <summary>
    /// The input's members (unprefixed, as the RPC's <c>input</c> holds them; as sent when something was tolerated, so a
    /// tolerated member may be of any JSON type), what was tolerated, or the error.
    /// </summary>
    public static (JsonObject? Input, IReadOnlyList<string> Warnings, RestconfError? Error) Parse(byte[] body, RestconfEncoding format, string rpc, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var node = SouthboundSchema.Input(rpc);
        JsonObject inner;
        var errors = new List<RestconfError>();
        try
        {
            if (format == RestconfEncoding.Json)
            {
                var parsed = RequestJson.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = limits.MaxNestingDepth }, out var why);
                if (why is not null)
                {
                    return (null, [], Malformed(why));
                }
                if (parsed is not JsonObject doc || doc[Member] is not JsonObject o || doc.Count != 1)
                {
                    return (null, [], Malformed($"\"{Member}\" is missing."));
                }
                inner = o;
            }
            else
            {
                if (!System.Text.Unicode.Utf8.IsValid(body))
                {
                    return (null, [], Malformed("the body is not UTF-8 text."));
                }
                var root = BoundedXml.Load(body, limits);
                if (root.Name != XName.Get("input", Namespace))
                {
                    return (null, [], Malformed($"the root element must be \"input\" in namespace \"{Namespace}\"."));
                }
                inner = XmlCodec.FromXml(SouthboundSchema.Context, node, root, errors);
            }
        }
        catch (Exception e) when (e is JsonException or XmlException)
        {
            return (null, [], Malformed(e.Message));
        }
        var validator = new InstanceValidator(SouthboundSchema.Context, config: false);
        var normalized = validator.NormalizeObject(node, inner, "/" + Member);
        errors.AddRange(validator.Errors);
        var fatal = errors.FirstOrDefault(e => e.Path is null || !Tolerated.Any(t => e.Path.Contains(t, StringComparison.Ordinal)));
        if (fatal is not null)
        {
            return (null, [], fatal with { Message = $"Unable to parse \"input\" document: {fatal.Message}" });
        }
        return errors.Count == 0 ? (normalized, [], null) : (inner, [.. errors.Select(e => e.Message ?? e.Tag)], null);
    }

    private static RestconfError Malformed(string why) => RestconfError.Malformed($"Unable to parse \"input\" document: {why}");
}
