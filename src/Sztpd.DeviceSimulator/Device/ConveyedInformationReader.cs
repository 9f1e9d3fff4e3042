using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Schema;
using Sztpd.DeviceSimulator.Artifacts;
using Sztpd.Pki.Cms;

namespace Sztpd.DeviceSimulator.Device;

/// <summary>
/// Parses the <c>conveyed-information</c> bytes (RFC 8572 §6.3, JSON or XML) into redirect or onboarding information.
/// Failures are <see cref="BootstrapFailure"/>s of kind "parsing" (the device then reports parsing-error).
/// </summary>
internal static class ConveyedInformationReader
{
    public static ConveyedInformation Read(byte[] payload, ConveyedInformationEncoding encoding)
    {
        var json = encoding == ConveyedInformationEncoding.Xml || (encoding == ConveyedInformationEncoding.Unspecified && LooksLikeXml(payload))
            ? FromXml(payload)
            : FromJson(payload);
        try
        {
            return json.FirstOrDefault() is var (name, value) && value is JsonObject body
                ? name.Split(':')[^1] switch
                {
                    "redirect-information" => Redirect(body),
                    "onboarding-information" => Onboarding(body),
                    _ => throw Parsing($"\"{name}\" is neither redirect-information nor onboarding-information."),
                }
                : throw Parsing("The conveyed information is empty.");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw Parsing($"The conveyed information is not valid: {e.Message}");
        }
    }

    private static RedirectInformation Redirect(JsonObject body)
    {
        var servers = (body["bootstrap-server"] as JsonArray ?? []).OfType<JsonObject>().Select(s => new BootstrapServerEntry(
            (string?)s["address"] ?? throw Parsing("A bootstrap-server has no address."),
            s["port"] is { } port ? int.Parse(port.ToString(), CultureInfo.InvariantCulture) : 443,
            s["trust-anchor"] is { } anchor ? Convert.FromBase64String((string)anchor!) : null)).ToList();
        return servers.Count > 0 ? new RedirectInformation(servers) : throw Parsing("The redirect information lists no bootstrap server.");
    }

    private static OnboardingInformation Onboarding(JsonObject body) => new(
        body["boot-image"] is JsonObject image ? new BootImage(
            (string?)image["os-name"],
            (string?)image["os-version"],
            [.. (image["download-uri"] as JsonArray ?? []).Select(u => (string)u!)],
            [.. (image["image-verification"] as JsonArray ?? []).OfType<JsonObject>().Select(v => new ImageVerification(
                ((string?)v["hash-algorithm"] ?? "").Split(':')[^1],
                HexText.Parse((string?)v["hash-value"] ?? "")))]) : null,
        (string?)body["configuration-handling"],
        Binary(body, "pre-configuration-script"),
        Binary(body, "configuration"),
        Binary(body, "post-configuration-script"));

    private static byte[]? Binary(JsonObject body, string name) => (string?)body[name] is { } b64 ? Convert.FromBase64String(b64) : null;

    /// <summary>JSON checked against the same schema as XML (unknown members, wrong types): the device accepts neither loosely.</summary>
    private static JsonObject FromJson(byte[] payload)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(payload) as JsonObject ?? throw Parsing("The conveyed information is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw Parsing($"The conveyed information is not JSON: {e.Message}");
        }

        var validator = new InstanceValidator(SouthboundSchema.Context, config: false);
        validator.NormalizeObject(SouthboundSchema.ConveyedInformation, json, "");
        return validator.IsValid ? json : throw Parsing($"The conveyed information JSON does not fit the schema: {validator.Errors[0].Message}");
    }

    private static JsonObject FromXml(byte[] payload)
    {
        XElement root;
        try
        {
            using var stream = new MemoryStream(payload);
            root = XElement.Load(stream);
        }
        catch (XmlException e)
        {
            throw Parsing($"The conveyed information is not XML: {e.Message}");
        }

        var errors = new List<RestconfError>();
        var json = XmlCodec.FromXml(SouthboundSchema.Context, SouthboundSchema.ConveyedInformation, new XElement("wrapper", root), errors);
        return errors.Count == 0 ? json : throw Parsing($"The conveyed information XML does not fit the schema: {errors[0].Message}");
    }

    private static bool LooksLikeXml(byte[] payload) => payload.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'<', ..];

    private static BootstrapFailure Parsing(string message) => new("parsing", message);
}
