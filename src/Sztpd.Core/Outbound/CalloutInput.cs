using System.Text.Json.Nodes;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;

namespace Sztpd.Core.Outbound;

/// <summary>The input of each kind of callout (compat section 2.10), and how it is wrapped for a webhook.</summary>
public static class CalloutInput
{
    /// <summary>The module whose <c>input</c> and <c>output</c> wrap a webhook's request and answer.</summary>
    public const string Module = "wn-sztpd-rpcs";

    /// <summary>
    /// A device's request as a get-bootstrapping-data or report-progress callout gets it: its serial number, source
    /// address, identity certificate (base64 DER, when it presented one), what it sent (<c>from-device</c>) and the
    /// callout's <c>opaque</c>.
    /// </summary>
    public static JsonObject FromDevice(DeviceIdentity device, string sourceAddress, JsonObject? rpcInput, string? opaque)
    {
        ArgumentNullException.ThrowIfNull(device);
        var input = new JsonObject { ["serial-number"] = device.SerialNumber, ["source-ip-address"] = sourceAddress };
        if (device.Certificate is { } certificate)
        {
            input["identity-certificate"] = Convert.ToBase64String(certificate.RawData);
        }
        input["from-device"] = new JsonObject { ["ietf-sztp-bootstrap-server:input"] = rpcInput?.DeepClone() ?? new JsonObject() };
        return Opaque(input, opaque);
    }

    /// <summary>The devices an ownership-authorization callout is asked about (mode 1: tenant <c>not-applicable</c>).</summary>
    public static JsonObject Ownership(IEnumerable<string> serialNumbers, string? opaque, string tenant = "not-applicable") =>
        Opaque(new JsonObject { ["tenant"] = tenant, ["serial-number"] = new JsonArray([.. serialNumbers.Select(s => (JsonNode)s)]) }, opaque);

    /// <summary>The webhook request body of <paramref name="callout"/> for <paramref name="input"/> (report-progress: SZTPD's relay-notification shape).</summary>
    public static JsonObject WebhookBody(DynamicCallout callout, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(callout);
        return new JsonObject
        {
            [Module + ":input"] = callout.Rpc == DynamicCallout.ReportProgress ? new JsonObject { ["notification"] = input } : input,
        };
    }

    /// <summary>The path a webhook is posted to: SZTPD's <c>/relay-notification</c> for progress, else the RPC's name.</summary>
    public static string WebhookPath(DynamicCallout callout)
    {
        ArgumentNullException.ThrowIfNull(callout);
        return callout.Rpc == DynamicCallout.ReportProgress ? "/relay-notification" : "/" + callout.Rpc;
    }

    private static JsonObject Opaque(JsonObject input, string? opaque)
    {
        if (opaque is not null)
        {
            input["opaque"] = opaque;
        }
        return input;
    }
}
