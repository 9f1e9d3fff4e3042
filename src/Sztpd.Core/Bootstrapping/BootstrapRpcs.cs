using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Limits;
using Sztpd.Core.Outbound;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// The two RPCs of ietf-sztp-bootstrap-server (RFC 8572 section 7) for an authenticated device: get-bootstrapping-data
/// (input, response selection, conveyed information, CSR, signing) and report-progress; each returns the request's
/// <see cref="BootstrapOutcome"/> with what the bootstrapping log records.
/// </summary>
public static class BootstrapRpcs
{
    public const string GetBootstrappingData = "get-bootstrapping-data";
    public const string ReportProgress = "report-progress";

    /// <summary>
    /// get-bootstrapping-data with the request body (null: none) in <paramref name="format"/>, the request's Content-Type
    /// (null: none; there must be one when there is a body).
    /// </summary>
    public static async Task<BootstrapOutcome> BootstrappingDataAsync(DeviceIdentity device, byte[]? body, RestconfEncoding? format, BootstrapContext context, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(context);
        var details = new JsonObject();
        try
        {
            return await BuildAsync(device, body, format, context, details, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or InvalidOperationException)
        {
            // A configured key or certificate that cannot be used (decoding, signing, issuing): the device is told, and
            // the log has the reason with what was decided up to then.
            return BootstrapOutcome.Failed(new RestconfError(500, "application", "operation-failed", "The response could not be built: " + e.Message), details);
        }
    }

    private static async Task<BootstrapOutcome> BuildAsync(DeviceIdentity device, byte[]? body, RestconfEncoding? format, BootstrapContext context, JsonObject details, CancellationToken ct)
    {
        var (config, now, limits) = (context.Config, context.Now, context.Limits);
        JsonObject? input = null;
        if (body is not null)
        {
            var parsed = RpcInput.Parse(body, format ?? RestconfEncoding.Json, GetBootstrappingData, limits);
            if (parsed.Error is not null)
            {
                return BootstrapOutcome.Failed(parsed.Error, new JsonObject { ["passed-input"] = PassedInput(body, limits) });
            }
            input = parsed.Input;
            AddWarnings(details, parsed.Warnings);
        }
        details["passed-input"] = input is null ? new JsonObject { ["no-input-passed"] = new JsonArray((JsonNode?)null) } : Logged(input, limits);
        var selected = ResponseSelector.Select(device, input);
        details["selected-response"] = selected.Selected;
        if (selected.Error is not null)
        {
            return BootstrapOutcome.Failed(selected.Error, details);
        }
        JsonObject conveyed;
        if (selected.Response!.Kind == ResponseKind.DynamicCallout)
        {
            var (answer, calloutDetails, calloutError) = await ResponseCallout.RunAsync(context.Callouts, device, context.SourceAddress, input, selected.Response.Name, config, ct).ConfigureAwait(false);
            details["response-details"] = calloutDetails;
            if (calloutError is not null)
            {
                return BootstrapOutcome.Failed(calloutError, details);
            }
            conveyed = answer!;
        }
        else
        {
            (conveyed, var responseDetails) = ConveyedInformationBuilder.Build(config.Blocks, selected.Response);
            details["response-details"] = responseDetails;
        }
        var onboarding = conveyed[ConveyedInformationBuilder.Module + ":onboarding-information"] as JsonObject;
        Storage.CertificateAppend? issued = null;
        if (onboarding is not null && await CsrRefusalAsync(device, input, now, ct).ConfigureAwait(false) is { } refusal)
        {
            return BootstrapOutcome.Failed(refusal, details);
        }
        if (onboarding is not null && Csr(device, input, config, now, onboarding, details, out issued) is { } csrError)
        {
            return BootstrapOutcome.Failed(csrError, details);
        }
        var xml = (device.DeviceType?.ConveyedInformationEncoding ?? "request") switch
        {
            "xml" => true,
            "json" => false,
            _ => format == RestconfEncoding.Xml,
        };
        // reporting-level is only for onboarding information (RFC 8572 section 7.3), and only sent when configured.
        var level = onboarding is null ? null : device.DeviceType?.ReportingLevel;
        var (output, signed, signError) = ConveyedInformationSigner.Encode(ConveyedInformationBuilder.Payload(conveyed, xml), xml, device, config, input, now, level);
        if (signed is not null)
        {
            details["sztpd-signed-data"] = signed;
        }
        return signError is not null
            ? BootstrapOutcome.Failed(signError, details)
            : new BootstrapOutcome(200, new JsonObject { ["ietf-sztp-bootstrap-server:output"] = output }, null, details) { Issued = issued };
    }

    /// <summary>
    /// report-progress with the request body (null: none) in <paramref name="format"/>: 204; with a
    /// relay-progress-report-callout, the report is queued in the outbox for it (<see cref="ProgressRelay"/>); a
    /// bootstrap-complete or bootstrap-error is a notification (<see cref="Notifications"/>).
    /// </summary>
    public static BootstrapOutcome Progress(DeviceIdentity device, byte[]? body, RestconfEncoding? format, BootstrapContext context)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(context);
        var limits = context.Limits;
        if (body is null)
        {
            return BootstrapOutcome.Failed(RestconfError.Malformed("RPC \"input\" node missing (required for \"report-progress\")."));
        }
        var parsed = RpcInput.Parse(body, format ?? RestconfEncoding.Json, ReportProgress, limits);
        var details = new JsonObject { ["passed-input"] = parsed.Input is { } input ? Logged(input, limits) : PassedInput(body, limits) };
        if (parsed.Error is not null)
        {
            return BootstrapOutcome.Failed(parsed.Error, details);
        }
        AddWarnings(details, parsed.Warnings);
        var (log, relay) = ProgressRelay.Queue(device, parsed.Input!, context);
        details["dynamic-callout"] = log;
        var (notified, notify) = Notifications.OfProgress(device, parsed.Input!, context);
        return new BootstrapOutcome(204, null, null, details) { Outbox = [.. relay, .. notify], Logs = notified };
    }

    /// <summary>RFC 9646: answers a CSR or asks for one, placing an issued certificate into the onboarding information; the error to return, if any.</summary>
    private static RestconfError? Csr(DeviceIdentity device, JsonObject? input, RunningConfiguration config, DateTimeOffset now, JsonObject onboarding, JsonObject details,
        out Storage.CertificateAppend? issued)
    {
        var (certificate, csrLog, csrError, record) = CsrExchange.Run(device, input, config.Keystore, now);
        issued = csrError is null ? record : null;
        if (csrLog is not null)
        {
            details["sztpd-csr"] = csrLog;
        }
        if (csrError is null && certificate is not null)
        {
            csrLog!["placeholders-replaced"] = CsrExchange.Place(onboarding, certificate);
        }
        return csrError;
    }

    /// <summary>
    /// A CSR refused before anything is issued: the device holds its type's <c>max-certificates</c> unexpired certificates
    /// already (each one issued is recorded, so a device could otherwise fill the database).
    /// </summary>
    private static async Task<RestconfError?> CsrRefusalAsync(DeviceIdentity device, JsonObject? input, DateTimeOffset now, CancellationToken ct)
    {
        if (!CsrExchange.AsksForCertificate(device, input) || device.Scope is not { } scope)
        {
            return null;
        }
        var max = device.DeviceType!.Csr!.MaxCertificates;
        var held = await scope.Store.Certificates.CountAsync("", CsrExchange.Holder(device.SerialNumber), now, ct).ConfigureAwait(false);
        return held < max ? null : new RestconfError(409, "application", "resource-denied",
            $"Device \"{device.SerialNumber}\" holds {held} unexpired certificates issued by sztpd, its device type's max-certificates; none is issued until one expires.");
    }

    /// <summary>What was tolerated in the input (sztpd's own member of the log entry; SZTPD has none).</summary>
    private static void AddWarnings(JsonObject details, IReadOnlyList<string> warnings)
    {
        if (warnings.Count > 0)
        {
            details["sztpd-warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode)w)]);
        }
    }

    /// <summary>What the device sent, for the log, when it could not be parsed (as much as a log entry keeps of it).</summary>
    private static JsonObject PassedInput(byte[] body, InputLimits limits)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, limits.MaxLoggedInput));
        return new() { ["unparsable-input"] = body.Length <= limits.MaxLoggedInput ? text : $"{text}... [truncated: {body.Length} bytes]" };
    }

    /// <summary>The parsed input for the log: a copy, or when its JSON is longer than a log entry keeps, that JSON cut and marked.</summary>
    private static JsonObject Logged(JsonObject input, InputLimits limits)
    {
        var json = input.ToJsonString();
        return json.Length <= limits.MaxLoggedInput
            ? (JsonObject)input.DeepClone()
            : new JsonObject { ["sztpd-truncated-input"] = LoggedText.Bound(json, limits.MaxLoggedInput) };
    }
}
