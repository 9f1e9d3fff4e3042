using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;
using Sztpd.Core.Data;
using Sztpd.Core.Outbound;
using Sztpd.Core.Restconf;
using Sztpd.Core.Schema;
using Sztpd.Core.Storage;
using Sztpd.Server.Hosting;
using Sztpd.Server.Northbound;
using Sztpd.Server.Outbound;

namespace Sztpd.Server.Southbound;

/// <summary>
/// Every request on an <c>rfc8572-interface</c> listener (compat section 3.1): the device is authenticated first,
/// then the two RFC 8572 RPCs (and the few read-only RESTCONF resources a device may ask for) are served, and each
/// request of an authenticated device is appended to its bootstrapping log.
/// </summary>
internal sealed class SouthboundHandler(ServerState state, DeviceAuthenticator devices, AuditLog audit, ICalloutInvoker callouts, OutboxWorker outbox, IDataStore store, TimeProvider time, ILogger log)
{
    private const string Operations = "/restconf/operations";
    private const string GetBootstrappingData = "ietf-sztp-bootstrap-server:get-bootstrapping-data";
    private const string ReportProgress = "ietf-sztp-bootstrap-server:report-progress";

    public async Task HandleAsync(HttpContext ctx, string rawPath, EndpointSpec endpoint)
    {
        var format = SouthboundMedia.ResponseFormat(ctx);
        var (credentials, reason) = DeviceCredentialsReader.Read(ctx, endpoint, state.Limits);
        DeviceIdentity? device = null;
        TimeSpan? retryAfter = null;
        if (credentials is not null)
        {
            (device, reason, retryAfter) = await devices.AuthenticateAsync(credentials).ConfigureAwait(false);
        }
        // A device of a tenant being deleted (or deleted, and maybe created again, since the device was found) is
        // gone for this request; otherwise the deletion waits for it.
        var tenant = device?.Scope?.Tenant is { } name ? state.Tenants?.Find(name) : null;
        if (device?.Scope?.Tenant is not null && (tenant is null || !ReferenceEquals(tenant.Store, device.Scope.Store) || !tenant.TryEnter()))
        {
            (device, reason, tenant) = (null, $"Device \"{device!.SerialNumber}\" not found for any tenant.", null);
        }
        try
        {
            await ServeAsync(ctx, rawPath, format, credentials, device, reason, retryAfter).ConfigureAwait(false);
        }
        finally
        {
            tenant?.Exit();
        }
    }

    private async Task ServeAsync(HttpContext ctx, string rawPath, RestconfEncoding format, DeviceCredentials? credentials, DeviceIdentity? device, string reason, TimeSpan? retryAfter)
    {
        if (device?.Scope is not { } scope)
        {
            // Audited before the answer goes out (the body carries its Content-Length, so the device has it at once).
            var status = retryAfter is null ? 401 : 429;
            await audit.RecordAsync(ctx, rawPath, false, reason).ConfigureAwait(false);
            await NotifyRefusalAsync(ctx, credentials, reason, ConfigurationMapper.Map(state.Datastore.Running)).ConfigureAwait(false);
            Log.Answered(log, ctx, rawPath, status, reason);
            HttpIo.Challenge(ctx, status, retryAfter);
            await SouthboundMedia.WriteErrorAsync(ctx, RestconfError.AccessDenied(status), format).ConfigureAwait(false);
            Metrics.DeviceRefused(ctx, rawPath);
            return;
        }
        var now = time.GetUtcNow();

        // The device's own tenant's configuration (mode x): its responses, keys and callouts.
        var context = new BootstrapContext(scope.Config, now, state.Limits, ctx.Connection.RemoteIpAddress?.ToString() ?? "", callouts);
        var outcome = await DispatchAsync(ctx, rawPath, device, context).ConfigureAwait(false);
        var entry = outcome.LogEntry(now, ctx.Connection.RemoteIpAddress?.ToString() ?? "", ctx.Request.Method, rawPath, state.Limits.MaxLoggedText);
        // The device's access statistics and both entries, committed together (one write of the store's group commit)
        // before the answer goes out: a device never holds conveyed information its bootstrapping log does not record.
        // When the commit fails the catch-all answers 500 instead.
        await DeviceAuthenticator.RecordAccessAsync(device, now,
            [new LogAppend("bootstrapping", device.SerialNumber, now, entry.ToJsonString()) { KeepPerScope = state.Retention.BootstrappingMaxEntriesPerDevice },
             audit.Entry(ctx, rawPath, outcome.Status < 400, $"device {device.SerialNumber}"), .. outcome.Logs], outcome.Outbox, outcome.Issued).ConfigureAwait(false);
        if (outcome.Outbox.Count > 0)
        {
            outbox.Wake();
        }
        await WriteAsync(ctx, outcome, format).ConfigureAwait(false);
        Metrics.Bootstrapped(ctx, rawPath, outcome);
        if (outcome.Error is { } error)
        {
            Log.Answered(log, ctx, rawPath, error.Status, $"device {device.SerialNumber}: {error.Message ?? error.Tag}");
        }
    }

    private readonly RefusalNotices _refusals = new(time, state.Limits.MaxLoggedText);

    /// <summary>A refusal's notice (<see cref="RefusalNotices"/>: most are held back), in its own commit after the audit entry.</summary>
    private async Task NotifyRefusalAsync(HttpContext ctx, DeviceCredentials? credentials, string reason, RunningConfiguration config)
    {
        var claimed = credentials?.User ?? (credentials?.Certificate is { } certificate ? Pki.Certificates.DeviceSerialNumber.Of(certificate) : null);
        if (_refusals.Notice(claimed, ctx.Connection.RemoteIpAddress?.ToString() ?? "", reason) is { } record)
        {
            var (entries, messages) = Notifications.Of(record, "refused", config, time.GetUtcNow());
            try
            {
                await store.AppendAsync(entries, messages).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The device is still told it was refused; the failure is the operator's to see.
                Log.NoticeNotWritten(log, e);
                return;
            }
            if (messages.Count > 0)
            {
                outbox.Wake();
            }
        }
    }

    /// <summary>The RPCs, and the few read-only RESTCONF resources a device may ask for (compat section 3.1).</summary>
    private static async Task<BootstrapOutcome> DispatchAsync(HttpContext ctx, string rawPath, DeviceIdentity device, BootstrapContext context)
    {
        var limits = context.Limits;
        var method = ctx.Request.Method;
        var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        var path = rawPath.TrimEnd('/');
        if (HttpMethods.IsPost(method) && path.StartsWith(Operations + "/", StringComparison.Ordinal))
        {
            var rpc = path[(Operations.Length + 1)..];
            var (body, bodyError) = await HttpIo.ReadBodyAsync(ctx, limits.MaxDeviceBodySize).ConfigureAwait(false);
            if (bodyError is not null)
            {
                return BootstrapOutcome.Failed(bodyError);
            }
            var requestFormat = SouthboundMedia.RequestFormat(ctx);
            if (body is not null && requestFormat is null)
            {
                return BootstrapOutcome.Failed(new RestconfError(400, "protocol", "bad-attribute",
                    $"The Content-Type \"{ctx.Request.ContentType}\" is not supported; use \"{SouthboundMedia.Json}\" or \"{SouthboundMedia.Xml}\"."));
            }
            return rpc switch
            {
                GetBootstrappingData => (await BootstrapRpcs.BootstrappingDataAsync(device, body, requestFormat, context, ctx.RequestAborted).ConfigureAwait(false)).AsEvent(BootstrapRpcs.GetBootstrappingData),
                ReportProgress => BootstrapRpcs.Progress(device, body, requestFormat, context).AsEvent(BootstrapRpcs.ReportProgress),
                _ => BootstrapOutcome.Failed(new RestconfError(404, "protocol", "invalid-value", "Unrecognized RPC.")),
            };
        }
        return path switch
        {
            "/restconf" when read => new BootstrapOutcome(200, RestconfDocuments.Root()),
            "/restconf/yang-library-version" when read => new BootstrapOutcome(200, RestconfDocuments.LibraryVersion()),
            "/restconf/ds/ietf-datastores:operational" or "/restconf/ds/ietf-datastores:operational/ietf-yang-library:yang-library" when read
                => new BootstrapOutcome(200, SouthboundYangLibrary.Document),
            "/restconf/ds/ietf-datastores:running" when read => new BootstrapOutcome(204),
            Operations or "" => BootstrapOutcome.Failed(new RestconfError(400, "protocol", "invalid-value", "Resource does not exist.")),
            "/restconf/ds/ietf-datastores:running" => BootstrapOutcome.Failed(new RestconfError(400, "protocol", "invalid-value", "Resource can not be modified.")),
            _ => BootstrapOutcome.Failed(new RestconfError(404, "protocol", "invalid-value", "Requested resource does not exist.")),
        };
    }

    /// <summary>The outcome as HTTP: the error document, the output (JSON like SZTPD's, or XML), or no body (204).</summary>
    private static Task WriteAsync(HttpContext ctx, BootstrapOutcome outcome, RestconfEncoding format)
    {
        if (outcome.Error is { } error)
        {
            return SouthboundMedia.WriteErrorAsync(ctx, error, format);
        }
        if (outcome.Output is not { } output)
        {
            ctx.Response.StatusCode = outcome.Status;
            return Task.CompletedTask;
        }
        var text = format == RestconfEncoding.Json ? PythonJson.Dumps(output) : SbiOutputXml(output);
        return SouthboundMedia.WriteAsync(ctx, outcome.Status, text, format);
    }

    private static string SbiOutputXml(JsonObject body)
    {
        var (name, value) = body.First();
        if (name == "ietf-sztp-bootstrap-server:output")
        {
            XNamespace ns = "urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server";
            var output = SouthboundSchema.Output(BootstrapRpcs.GetBootstrappingData);
            return new XElement(ns + "output", ((JsonObject)value!).SelectMany(m => XmlCodec.ToXml(SouthboundSchema.Context, output.FindDataChild(SouthboundSchema.Module, m.Key)!, m.Value))).ToString();
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
