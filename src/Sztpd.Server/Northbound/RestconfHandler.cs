using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Sztpd.Core.Accounts;
using Sztpd.Core.Configuration;
using Sztpd.Core.Restconf;
using Sztpd.Server.Hosting;
using Sztpd.Server.Tenancy;

namespace Sztpd.Server.Northbound;

/// <summary>
/// Every HTTP request on every listener: host-meta, then authentication, access control, the RESTCONF
/// resources of the native interface (RFC 8040 + NMDA) and an audit entry for each request (but the probes and the
/// allowed reads of <c>/metrics</c>: <see cref="HealthAndMetrics"/>).
/// </summary>
internal sealed partial class RestconfHandler(ServerState state, Authenticator authenticator, AuditLog audit, Southbound.SouthboundHandler southbound, HealthAndMetrics health,
    CrlPublisher crls, Outbound.Acme.AcmeChallenges challenges, AccountActivation activation, RpcOperations operations, ILogger log)
{
    public async Task HandleAsync(HttpContext ctx)
    {
        using var measured = Metrics.Request(ctx, state.Listeners);
        ctx.Response.Headers.Server = "<redacted>";
        var target = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? ctx.Request.Path.Value ?? "/";
        var rawPath = target.Split('?', 2)[0];
        try
        {
            await RouteAsync(ctx, rawPath).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-request: nobody is left to answer.
        }
        catch (Exception e)
        {
            await FailUnexpectedlyAsync(ctx, rawPath, e).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The catch-all: a bug or an infrastructure failure (the database gone) is logged with its exception, answered
    /// 500 <c>operation-failed</c> with a body naming the request (never the exception's text), and audited.
    /// </summary>
    private async Task FailUnexpectedlyAsync(HttpContext ctx, string rawPath, Exception e)
    {
        Log.Unhandled(log, ctx, rawPath, e);
        var error = new RestconfError(500, "application", "operation-failed",
            $"The request failed unexpectedly; the server log has the details (request {ctx.TraceIdentifier}).");
        if (ctx.Response.HasStarted)
        {
            // Part of an answer is out: the connection is cut so the client cannot take it for a whole one.
            ctx.Abort();
        }
        else
        {
            ctx.Response.Clear();
            await HttpIo.WriteErrorAsync(ctx, error).ConfigureAwait(false);
        }
        await RecordAsync(ctx, rawPath, false, error.Message).ConfigureAwait(false);
    }

    /// <summary>
    /// The request's audit entry, in the host's audit log and, for a tenant admin's request, in the tenant's too; a
    /// failure to write it is logged, the answer already went out.
    /// </summary>
    private async Task RecordAsync(HttpContext ctx, string rawPath, bool success, string? comment, Tenant? tenant = null)
    {
        try
        {
            await audit.RecordAsync(ctx, rawPath, success, tenant is null ? comment : $"tenant {tenant.Name}: {comment}").ConfigureAwait(false);
            if (tenant is not null)
            {
                var entry = audit.Entry(ctx, rawPath, success, comment);
                await tenant.Store.AppendLogAsync(entry.Log, entry.Scope, entry.Timestamp, entry.Json).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Log.AuditLost(log, ctx, rawPath, e);
        }
    }

    private async Task RouteAsync(HttpContext ctx, string rawPath)
    {
        if (rawPath == "/.well-known/host-meta" && (HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method)))
        {
            ctx.Response.ContentType = "application/xrd+xml";
            await ctx.Response.WriteAsync(RestconfDocuments.HostMeta).ConfigureAwait(false);
            return;
        }
        if (await health.TryAnswerProbeAsync(ctx, rawPath).ConfigureAwait(false) || await crls.TryAnswerAsync(ctx, rawPath).ConfigureAwait(false)
            || await challenges.TryAnswerAsync(ctx, rawPath).ConfigureAwait(false))
        {
            return; // every listener, unauthenticated, not audited: see HealthAndMetrics, CrlPublisher and AcmeChallenges
        }
        var endpoint = state.Listeners?.Find(ctx.Connection.LocalPort);
        if (endpoint?.UseFor == EndpointSpec.Rfc8572)
        {
            await southbound.HandleAsync(ctx, rawPath, endpoint).ConfigureAwait(false);
            return;
        }
        if (endpoint?.UseFor is null or EndpointSpec.Native && rawPath == AccountStates.ActivationPath)
        {
            var (activated, why) = await activation.HandleAsync(ctx).ConfigureAwait(false);
            Log.Answered(log, ctx, rawPath, ctx.Response.StatusCode, why);
            await RecordAsync(ctx, rawPath, activated, why).ConfigureAwait(false);
            return;
        }
        var (auth, tenant) = Authenticate(ctx, endpoint);
        if (tenant is not null && !tenant.TryEnter())
        {
            // Its tenant is being deleted: its admins are gone with it.
            (auth, tenant) = (new AuthOutcome(null, "", 401, $"Unknown admin: {auth.Admin}"), null);
        }
        try
        {
            await ServeAsync(ctx, rawPath, endpoint, auth, tenant).ConfigureAwait(false);
        }
        finally
        {
            tenant?.Exit();
        }
    }

    /// <summary>An admin request once authenticated (or refused), inside its tenant's in-flight count.</summary>
    private async Task ServeAsync(HttpContext ctx, string rawPath, EndpointSpec? endpoint, AuthOutcome auth, Tenant? tenant)
    {
        if (auth.Succeeded && endpoint?.ClientTrust is not null && ctx.Connection.ClientCertificate is null)
        {
            auth = auth with { Status = 401, Comment = "A client certificate is required on this endpoint." };
        }
        if (!auth.Succeeded)
        {
            HttpIo.Challenge(ctx, auth.Status, auth.RetryAfter);
            await HttpIo.WriteErrorAsync(ctx, RestconfError.AccessDenied(auth.Status, auth.Status == 429 || auth.Told ? auth.Comment : null)).ConfigureAwait(false);
            Log.Answered(log, ctx, rawPath, auth.Status, auth.Comment);
            await RecordAsync(ctx, rawPath, false, auth.Comment).ConfigureAwait(false);
            return;
        }
        if (auth.PasswordExpired && !DataRoots.Any(r => rawPath.StartsWith(r.Prefix + "/", StringComparison.Ordinal)))
        {
            await HttpIo.WriteErrorAsync(ctx, RestconfError.AccessDenied(403, AccessControl.PasswordExpired(auth.Admin!))).ConfigureAwait(false);
            Log.Answered(log, ctx, rawPath, 403, "password expired");
            await RecordAsync(ctx, rawPath, false, $"{auth.Admin}: password expired").ConfigureAwait(false);
            return;
        }
        if (tenant is null && await health.TryWriteMetricsAsync(ctx, rawPath).ConfigureAwait(false))
        {
            return; // native interface, any admin; refusals are audited above, reads are not: see HealthAndMetrics
        }
        var outcome = await DispatchAsync(ctx, rawPath, auth, tenant).ConfigureAwait(false);
        var comment = outcome.Comment ?? auth.Comment;
        Log.Answered(log, ctx, rawPath, ctx.Response.StatusCode, comment);
        await RecordAsync(ctx, rawPath, outcome.Success, auth.Admin is null ? comment : $"{auth.Admin}: {comment ?? "ok"}", tenant).ConfigureAwait(false);
    }

    /// <summary>
    /// The admin of the request, and in mode x its tenant (null for host admins). Host admins use the native interface,
    /// tenant admins the tenant interface (compat section 2.4); the other is refused once the password is checked.
    /// </summary>
    private (AuthOutcome Auth, Tenant? Tenant) Authenticate(HttpContext ctx, EndpointSpec? endpoint)
    {
        var host = state.Datastore;
        if (state.Tenants is not { } tenants)
        {
            return (authenticator.Authenticate(ctx, ConfigurationMapper.Map(host.Running), host.Accounts), null);
        }
        var user = BasicCredentials.Parse(ctx.Request, out _) is var (name, _) && name.Length <= Authenticator.MaxUserLength ? name : null;
        var tenant = user is null ? null : tenants.OfAdmin(user);
        var scope = tenant?.Datastore ?? host;
        var auth = authenticator.Authenticate(ctx, ConfigurationMapper.Map(scope.Running), scope.Accounts);
        var tenantInterface = endpoint?.UseFor == EndpointSpec.Tenant;
        if (auth.Succeeded && tenantInterface && tenant is null)
        {
            return (new AuthOutcome(null, "", 401, $"Host-level admins cannot use tenant interface ({auth.Admin ?? "none"}).") { Told = true }, null);
        }
        if (auth.Succeeded && !tenantInterface && tenant is not null)
        {
            return (new AuthOutcome(null, "", 401, $"Tenant-level admins cannot use the native interface ({auth.Admin}).") { Told = true }, null);
        }
        return (auth, auth.Succeeded ? tenant : null);
    }

    private async Task<(bool Success, string? Comment)> DispatchAsync(HttpContext ctx, string rawPath, AuthOutcome auth, Tenant? tenant)
    {
        var method = ctx.Request.Method;
        var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        if (rawPath.TrimEnd('/') == "/restconf" && read)
        {
            return await Ok(ctx, RestconfDocuments.Root()).ConfigureAwait(false);
        }
        if (rawPath == "/restconf/yang-library-version" && read)
        {
            return await Ok(ctx, RestconfDocuments.LibraryVersion()).ConfigureAwait(false);
        }
        foreach (var (prefix, operational) in DataRoots)
        {
            if (rawPath == prefix || rawPath.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                var sub = rawPath[prefix.Length..];
                if (tenant is not null)
                {
                    return await DataAsync(ctx, sub, operational, auth, tenant.Datastore).ConfigureAwait(false);
                }
                return state.Tenants is { } tenants && (sub == TenantPaths.Tenants || sub.StartsWith(TenantPaths.Tenants + "/", StringComparison.Ordinal))
                    ? await TenantsAsync(ctx, sub, operational, auth, tenants).ConfigureAwait(false)
                    : await DataAsync(ctx, sub, operational, auth, state.Datastore).ConfigureAwait(false);
            }
        }
        if (rawPath == RpcOperations.Root && read)
        {
            return await Ok(ctx, RpcOperations.List(tenantInterface: tenant is not null)).ConfigureAwait(false);
        }
        if (rawPath.StartsWith(RpcOperations.Root + "/", StringComparison.Ordinal) && HttpMethods.IsPost(method))
        {
            var (body, bodyError) = await HttpIo.ReadBodyAsync(ctx).ConfigureAwait(false);
            if ((bodyError ?? HttpIo.CheckHeaders(ctx, body is not null, bodyRequired: false, bodyForbidden: false)) is { } headerError)
            {
                return await Fail(ctx, headerError).ConfigureAwait(false);
            }
            var (output, error) = await operations.InvokeAsync(Uri.UnescapeDataString(rawPath[(RpcOperations.Root.Length + 1)..]), auth.Access, body,
                state.Limits.MaxNestingDepth, ctx.RequestAborted, tenant).ConfigureAwait(false);
            return error is null ? await Ok(ctx, output!).ConfigureAwait(false) : await Fail(ctx, error).ConfigureAwait(false);
        }
        if (rawPath == RpcOperations.Root || rawPath.StartsWith(RpcOperations.Root + "/", StringComparison.Ordinal))
        {
            ctx.Response.Headers.Allow = rawPath == RpcOperations.Root ? "GET, HEAD" : "POST";
            return await Fail(ctx, new RestconfError(405, "protocol", "operation-not-supported", $"The method {method} is not allowed on {rawPath}.")).ConfigureAwait(false);
        }
        return await Fail(ctx, new RestconfError(404, "protocol", "invalid-value", "Resource does not exist.")).ConfigureAwait(false);
    }

    private static readonly (string Prefix, bool Operational)[] DataRoots =
    [
        ("/restconf/ds/ietf-datastores:running", false),
        ("/restconf/ds/ietf-datastores:operational", true),
        ("/restconf/data", false),
    ];

    private static async Task<(bool, string?)> Ok(HttpContext ctx, JsonNode body)
    {
        await HttpIo.WriteJsonAsync(ctx, 200, body).ConfigureAwait(false);
        return (true, null);
    }

    private static async Task<(bool, string?)> Fail(HttpContext ctx, RestconfError error)
    {
        await HttpIo.WriteErrorAsync(ctx, error).ConfigureAwait(false);
        return (false, error.Message);
    }
}
