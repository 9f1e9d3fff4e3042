using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Storage;
using Sztpd.Core.Sztpd;
using Sztpd.Server.Hosting;
using Sztpd.Server.Northbound;

namespace Sztpd.Server.Southbound;

/// <summary>
/// Every request on an <c>rfc8572-interface</c> listener (compat section 3.1): the device is authenticated first,
/// then the two RFC 8572 RPCs (and the few read-only RESTCONF resources a device may ask for) are served, and each
/// request of an authenticated device is appended to its bootstrapping log.
/// </summary>
internal sealed class SouthboundHandler(ServerState state, DeviceAuthenticator devices, AuditLog audit, TimeProvider time, ILogger log)
{
    private const string Operations = "/restconf/operations";
    private const string GetBootstrappingData = "ietf-sztp-bootstrap-server:get-bootstrapping-data";
    private const string ReportProgress = "ietf-sztp-bootstrap-server:report-progress";

    /// <summary>What one request did: status, the error returned (if any) and the log's <c>event-details</c>.</summary>
    private sealed record Outcome(int Status, RestconfError? Error = null, JsonObject? Details = null)
    {
        public static Outcome Failed(RestconfError error, JsonObject? details = null) => new(error.Status, error, details);

        /// <summary>The details under the RPC's event name (<c>get-bootstrapping-data-event</c>, <c>report-progress-event</c>).</summary>
        public Outcome AsEvent(string rpc) => Details is null ? this : this with { Details = new JsonObject { [rpc + "-event"] = Details } };
    }

    public async Task HandleAsync(HttpContext ctx, string rawPath, EndpointSpec endpoint)
    {
        var format = SbiMedia.ResponseFormat(ctx);
        var config = ConfigurationMapper.Map(state.Datastore.Running);
        var (credentials, reason) = DeviceCredentialsReader.Read(ctx, endpoint);
        DeviceIdentity? device = null;
        if (credentials is not null)
        {
            (device, reason) = await devices.AuthenticateAsync(credentials, config).ConfigureAwait(false);
        }
        if (device is null)
        {
            // Audited before the answer goes out (the body carries its Content-Length, so the device has it at once).
            await audit.RecordAsync(ctx, rawPath, false, reason).ConfigureAwait(false);
            Log.Answered(log, ctx, rawPath, 401, reason);
            await SbiMedia.WriteErrorAsync(ctx, RestconfError.AccessDenied(401), format).ConfigureAwait(false);
            return;
        }
        var now = time.GetUtcNow();

        Outcome outcome;
        try
        {
            outcome = await DispatchAsync(ctx, rawPath, device, format, config, now).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or InvalidOperationException)
        {
            outcome = Outcome.Failed(new RestconfError(500, "application", "operation-failed", "The response could not be built: " + e.Message));
        }
        if (outcome.Error is { } error)
        {
            await SbiMedia.WriteErrorAsync(ctx, error, format).ConfigureAwait(false);
            Log.Answered(log, ctx, rawPath, error.Status, $"device {device.SerialNumber}: {error.Message ?? error.Tag}");
        }
        var entry = new JsonObject
        {
            ["timestamp"] = Core.Datastore.Datastore.Timestamp(now),
            ["source-ip"] = ctx.Connection.RemoteIpAddress?.ToString() ?? "",
            ["method"] = ctx.Request.Method,
            ["path"] = rawPath,
            ["return-code"] = outcome.Status,
        };
        if (outcome.Error is not null)
        {
            entry["error-returned"] = RestconfError.ToDocument([outcome.Error]);
        }
        if (outcome.Details is not null)
        {
            entry["event-details"] = outcome.Details;
        }
        // The device's access statistics and both entries, committed together (one write of the store's group commit).
        await devices.RecordAccessAsync(device.SerialNumber, now,
            [new LogAppend("bootstrapping", device.SerialNumber, now, entry.ToJsonString()),
             audit.Entry(ctx, rawPath, outcome.Status < 400, $"device {device.SerialNumber}")]).ConfigureAwait(false);
    }

    private async Task<Outcome> DispatchAsync(HttpContext ctx, string rawPath, DeviceIdentity device, SbiFormat format, RunningConfiguration config, DateTimeOffset now)
    {
        var method = ctx.Request.Method;
        var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        var path = rawPath.TrimEnd('/');
        if (HttpMethods.IsPost(method) && path.StartsWith(Operations + "/", StringComparison.Ordinal))
        {
            var rpc = path[(Operations.Length + 1)..];
            var (body, bodyError) = await HttpIo.ReadBodyAsync(ctx).ConfigureAwait(false);
            if (bodyError is not null)
            {
                return Outcome.Failed(bodyError);
            }
            if (body is not null && SbiMedia.RequestFormat(ctx) is null)
            {
                return Outcome.Failed(new RestconfError(400, "protocol", "bad-attribute",
                    $"The Content-Type \"{ctx.Request.ContentType}\" is not supported; use \"{SbiMedia.Json}\" or \"{SbiMedia.Xml}\"."));
            }
            return rpc switch
            {
                GetBootstrappingData => (await BootstrappingDataAsync(ctx, device, body, format, config, now).ConfigureAwait(false)).AsEvent("get-bootstrapping-data"),
                ReportProgress => Progress(ctx, body).AsEvent("report-progress"),
                _ => Outcome.Failed(new RestconfError(404, "protocol", "invalid-value", "Unrecognized RPC.")),
            };
        }
        if (read && path == "/restconf")
        {
            return await WriteAsync(ctx, 200, RestconfDocuments.Root(), null, format).ConfigureAwait(false);
        }
        if (read && path == "/restconf/yang-library-version")
        {
            return await WriteAsync(ctx, 200, RestconfDocuments.LibraryVersion(), null, format).ConfigureAwait(false);
        }
        if (read && path is "/restconf/ds/ietf-datastores:operational" or "/restconf/ds/ietf-datastores:operational/ietf-yang-library:yang-library")
        {
            return await WriteAsync(ctx, 200, SbiYangLibrary.Document, null, format).ConfigureAwait(false);
        }
        if (read && path == "/restconf/ds/ietf-datastores:running")
        {
            ctx.Response.StatusCode = 204;
            return new Outcome(204);
        }
        if (path == Operations || path.Length == 0)
        {
            return Outcome.Failed(new RestconfError(400, "protocol", "invalid-value", "Resource does not exist."));
        }
        if (path == "/restconf/ds/ietf-datastores:running" && !read)
        {
            return Outcome.Failed(new RestconfError(400, "protocol", "invalid-value", "Resource can not be modified."));
        }
        return Outcome.Failed(new RestconfError(404, "protocol", "invalid-value", "Requested resource does not exist."));
    }

    private static async Task<Outcome> BootstrappingDataAsync(HttpContext ctx, DeviceIdentity device, byte[]? body, SbiFormat format, RunningConfiguration config, DateTimeOffset now)
    {
        var details = new JsonObject();
        JsonObject? input = null;
        if (body is not null)
        {
            var parsed = SbiInput.Parse(body, SbiMedia.RequestFormat(ctx)!.Value, "get-bootstrapping-data");
            if (parsed.Error is not null)
            {
                return Outcome.Failed(parsed.Error, new JsonObject { ["passed-input"] = PassedInput(body) });
            }
            input = parsed.Input;
            AddWarnings(details, parsed.Warnings);
        }
        details["passed-input"] = input?.DeepClone() ?? new JsonObject { ["no-input-passed"] = new JsonArray((JsonNode?)null) };
        var selected = ResponseSelector.Select(device, input);
        details["selected-response"] = selected.Selected;
        if (selected.Error is not null)
        {
            return Outcome.Failed(selected.Error, details);
        }
        var (conveyed, responseDetails, buildError) = ConveyedInformationBuilder.Build(config.Blocks, selected.Response!);
        if (buildError is not null)
        {
            return Outcome.Failed(buildError, details);
        }
        details["response-details"] = responseDetails;
        var onboarding = conveyed![ConveyedInformationBuilder.Module + ":onboarding-information"] as JsonObject;
        if (onboarding is not null)
        {
            var (certificate, csrLog, csrError) = CsrExchange.Run(device, input, config.Keystore, now);
            if (csrLog is not null)
            {
                details["sztpd-csr"] = csrLog;
            }
            if (csrError is not null)
            {
                return Outcome.Failed(csrError, details);
            }
            if (certificate is not null)
            {
                csrLog!["placeholders-replaced"] = CsrExchange.Place(onboarding, certificate);
            }
        }
        var xml = (device.DeviceType?.ConveyedInformationEncoding ?? "request") switch
        {
            "xml" => true,
            "json" => false,
            _ => SbiMedia.RequestFormat(ctx) == SbiFormat.Xml,
        };
        var payload = System.Text.Encoding.UTF8.GetBytes(xml ? ConveyedXml(conveyed!) : PythonJson.Dumps(conveyed));
        // reporting-level is only for onboarding information (RFC 8572 section 7.3), and only sent when configured.
        var level = onboarding is null ? null : device.DeviceType?.ReportingLevel;
        var (output, signed, signError) = ConveyedInformationSigner.Encode(payload, xml, device, config, input, now, level);
        if (signed is not null)
        {
            details["sztpd-signed-data"] = signed;
        }
        if (signError is not null)
        {
            return Outcome.Failed(signError, details);
        }
        return await WriteAsync(ctx, 200, new JsonObject { ["ietf-sztp-bootstrap-server:output"] = output }, "get-bootstrapping-data", format, details).ConfigureAwait(false);
    }

    private static Outcome Progress(HttpContext ctx, byte[]? body)
    {
        if (body is null)
        {
            return Outcome.Failed(RestconfError.Malformed("RPC \"input\" node missing (required for \"report-progress\")."));
        }
        var parsed = SbiInput.Parse(body, SbiMedia.RequestFormat(ctx)!.Value, "report-progress");
        var details = new JsonObject { ["passed-input"] = parsed.Input?.DeepClone() ?? PassedInput(body) };
        if (parsed.Error is not null)
        {
            return Outcome.Failed(parsed.Error, details);
        }
        AddWarnings(details, parsed.Warnings);
        details["dynamic-callout"] = new JsonObject { ["no-callout-configured"] = new JsonArray((JsonNode?)null) };
        ctx.Response.StatusCode = 204;
        return new Outcome(204, null, details);
    }

    /// <summary>What was tolerated in the input (sztpd's own member of the log entry; SZTPD has none).</summary>
    private static void AddWarnings(JsonObject details, IReadOnlyList<string> warnings)
    {
        if (warnings.Count > 0)
        {
            details["sztpd-warnings"] = new JsonArray(warnings.Select(w => (JsonNode)w).ToArray());
        }
    }

    /// <summary>What the device sent, for the log, when it could not be parsed.</summary>
    private static JsonObject PassedInput(byte[] body) => new() { ["unparsable-input"] = System.Text.Encoding.UTF8.GetString(body) };

    /// <summary>The conveyed information as RFC 7950 XML (the encoding inside id-ct-sztpConveyedInfoXML).</summary>
    private static string ConveyedXml(JsonObject conveyed)
    {
        var schema = SbiSchema.Context;
        var wrapper = SbiSchema.ConveyedInformation;
        var (name, value) = conveyed.First();
        var node = schema.FindMember(wrapper, name)!;
        return XmlCodec.ToXml(schema, node, value).Single().ToString();
    }

    private static async Task<Outcome> WriteAsync(HttpContext ctx, int status, JsonObject body, string? rpc, SbiFormat format, JsonObject? details = null)
    {
        string text;
        if (format == SbiFormat.Json)
        {
            text = PythonJson.Dumps(body);
        }
        else
        {
            text = SbiOutputXml(body, rpc);
        }
        await SbiMedia.WriteAsync(ctx, status, text, format).ConfigureAwait(false);
        return new Outcome(status, null, details);
    }

    private static string SbiOutputXml(JsonObject body, string? rpc)
    {
        var (name, value) = body.First();
        if (rpc is not null)
        {
            XNamespace ns = "urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server";
            var output = SbiSchema.Output(rpc);
            return new XElement(ns + "output", ((JsonObject)value!).SelectMany(m => XmlCodec.ToXml(SbiSchema.Context, output.FindDataChild(SbiSchema.Module, m.Key)!, m.Value))).ToString();
        }
        return JsonToGenericXml(name, value, "").Single().ToString();
    }

    /// <summary>Small documents with no SBI schema (RESTCONF root, YANG library): a direct transliteration.</summary>
    private static IEnumerable<XElement> JsonToGenericXml(string name, JsonNode? value, string module)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            module = name[..colon];
        }
        XNamespace ns = $"urn:ietf:params:xml:ns:yang:{module}";
        var local = name[(colon + 1)..];
        return value switch
        {
            JsonArray a => a.SelectMany(item => JsonToGenericXml(local, item, module)),
            JsonObject o => [new XElement(ns + local, o.SelectMany(m => JsonToGenericXml(m.Key, m.Value, module)))],
            _ => [new XElement(ns + local, value?.ToString())],
        };
    }
}
