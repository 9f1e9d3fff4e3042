using System.Text.Json;
using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Data;
using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;
using Sztpd.Core.Rules;
using Sztpd.Core.Yang;

namespace Sztpd.Server.Northbound;

internal sealed partial class RestconfHandler
{
    /// <summary>
    /// A data resource of <c>{+restconf}/ds/…</c> or <c>{+restconf}/data</c> (RFC 8040 sections 3.5, 4; RFC 8527) in
    /// <paramref name="view"/>: the host's datastore or a tenant's; <paramref name="tenant"/> set when the host reads or
    /// edits a tenant below its mount point (error paths are translated).
    /// </summary>
    private async Task<(bool, string?)> DataAsync(HttpContext ctx, string rawSubPath, bool operational, AuthOutcome auth, RunningDatastore view, TenantPaths? tenant = null)
    {
        var method = ctx.Request.Method.ToUpperInvariant();
        var read = method is "GET" or "HEAD";
        var path = ResourcePathParser.Parse(view.Schema, rawSubPath, out var pathError);
        if (path is null)
        {
            return await Fail(ctx, Translated(pathError!, tenant)).ConfigureAwait(false);
        }
        var host = ReferenceEquals(view, state.Datastore);
        if (host && state.Tenants is { Count: > 0 } && path.IsRoot && method is "PUT" or "DELETE")
        {
            return await Fail(ctx, RestconfError.InvalidValue(
                $"The datastore holds {state.Tenants.Count} tenants, which a {method} of the whole datastore would replace: delete them first (DELETE {TenantPaths.Tenants}/tenant=NAME).")).ConfigureAwait(false);
        }
        if (AccessControl.Check(auth, method, path) is { } denied)
        {
            return await Fail(ctx, RestconfError.AccessDenied(403, denied)).ConfigureAwait(false);
        }
        if (operational && !read)
        {
            return await Fail(ctx, method == "POST"
                ? new RestconfError(501, "application", "operation-not-supported", "Actions are not implemented.")
                : new RestconfError(405, "protocol", "operation-not-supported", $"The operational datastore is read-only; {method} is not allowed.")).ConfigureAwait(false);
        }
        if (method is not ("GET" or "HEAD" or "PUT" or "POST" or "PATCH" or "DELETE"))
        {
            return await Fail(ctx, new RestconfError(405, "protocol", "operation-not-supported", $"The method {method} is not supported.")).ConfigureAwait(false);
        }
        var (body, bodyError) = await HttpIo.ReadBodyAsync(ctx).ConfigureAwait(false);
        var headerError = bodyError ?? HttpIo.CheckHeaders(ctx, body is not null, method is "PUT" or "PATCH" or "POST", method is "GET" or "HEAD" or "DELETE");
        if (headerError is not null)
        {
            return await Fail(ctx, headerError).ConfigureAwait(false);
        }
        if (read)
        {
            var paging = ParsePaging(ctx, out var pagingError);
            return pagingError is not null
                ? await Fail(ctx, pagingError).ConfigureAwait(false)
                : await ReadAsync(ctx, path, operational, paging!, auth, view, tenant).ConfigureAwait(false);
        }
        var insert = ParseQuery(ctx, method, path, view, tenant, out var queryError);
        return queryError is not null
            ? await Fail(ctx, queryError).ConfigureAwait(false)
            : await EditAsync(ctx, method, path, body, insert, view, tenant).ConfigureAwait(false);
    }

    private async Task<(bool, string?)> ReadAsync(HttpContext ctx, ResourcePath path, bool operational, LogPaging paging, AuthOutcome auth, RunningDatastore view, TenantPaths? tenant)
    {
        var result = await view.ReadAsync(path, operational, paging, ctx.RequestAborted).ConfigureAwait(false);
        if (result.Error is not null)
        {
            return await Fail(ctx, Translated(result.Error, tenant)).ConfigureAwait(false);
        }
        if (AccessControl.HidesSecrets(auth.Access))
        {
            AccessControl.Omit(path, result.Document!);
        }
        if (ReferenceEquals(view, state.Datastore) && path.IsRoot && state.Tenants is { Count: > 0 } tenants)
        {
            // The host view is a superset of every tenant's (and only the host's root shows the tenants).
            var (entries, tooBig) = await TenantEntriesAsync(tenants.All, operational, auth, ctx.RequestAborted).ConfigureAwait(false);
            if (tooBig is not null)
            {
                return await Fail(ctx, tooBig).ConfigureAwait(false);
            }
            result.Document![TenantPaths.Tenants[1..]] = new JsonObject { ["tenant"] = new JsonArray([.. entries]) };
        }
        return await Ok(ctx, result.Document!).ConfigureAwait(false);
    }

    private async Task<(bool, string?)> EditAsync(HttpContext ctx, string method, ResourcePath path, byte[]? body, InsertPosition? insert, RunningDatastore view, TenantPaths? tenant)
    {
        JsonDocument? document = null;
        if (body is not null && (document = HttpIo.ParseObjectDocument(body, state.Limits.MaxNestingDepth, out var parseError)) is null)
        {
            return await Fail(ctx, parseError!).ConfigureAwait(false);
        }
        var edit = method switch
        {
            "PUT" => EditMethod.Put,
            "POST" => EditMethod.Post,
            "PATCH" => EditMethod.Patch,
            _ => EditMethod.Delete,
        };
        var warnedBefore = ProfileWarnings.Of(ConfigurationMapper.Map(view.Running));
        // Read from the document: its nodes are not made (the edit reads each device entry once, as it writes its row).
        var bodyDevices = document is null ? [] : ProfileWarnings.DevicesOf(document.RootElement);
        var json = document is null ? null : JsonObject.Create(document.RootElement);
        document = null;
        // The edit releases the body's devices one by one as it checks them: nothing here keeps the body (docs/performance.md,
        // "What changed", item 6). The document is not disposed: the edit's nodes read it until their last is released.
        body = null;
        var result = await view.EditAsync(Handed(new EditRequest(edit, path, json, insert), ref json), ctx.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            await HttpIo.WriteErrorsAsync(ctx, [.. result.Errors.Select(e => Translated(e, tenant))]).ConfigureAwait(false);
            return (false, result.Errors[0].Message);
        }
        ctx.Response.StatusCode = edit == EditMethod.Post || result.Created ? StatusCodes.Status201Created : StatusCodes.Status204NoContent;
        var after = ConfigurationMapper.Map(view.Running);
        return (true, Warn(ctx, [.. ProfileWarnings.Of(after).Except(warnedBefore), .. ProfileWarnings.OfDevices(after, bodyDevices)]));
    }

    /// <summary><paramref name="request"/>, its body forgotten by the caller (<paramref name="body"/> set to null).</summary>
    private static EditRequest Handed(EditRequest request, ref JsonObject? body)
    {
        body = null;
        return request;
    }

    /// <summary>
    /// The warnings an accepted edit brought (<see cref="ProfileWarnings"/>): one <c>Sztpd-Warning</c> response header
    /// each and a log line each; returned for the audit comment (null when there are none).
    /// </summary>
    private string? Warn(HttpContext ctx, IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            ctx.Response.Headers.Append(WarningHeader, warning);
            Log.ConfigurationWarning(log, warning);
        }
        return warnings.Count == 0 ? null : "accepted with warnings: " + string.Join(" ", warnings);
    }

    /// <summary>The response header of an edit's warnings (RESTCONF has none for a 2xx).</summary>
    public const string WarningHeader = "Sztpd-Warning";

    /// <summary>Only <c>insert</c> and <c>point</c> (RFC 8040 sections 4.8.5-4.8.6) are accepted, on PUT and POST.</summary>
    private static RestconfError Translated(RestconfError error, TenantPaths? tenant) => tenant is null ? error : tenant.Error(error);

    private static InsertPosition? ParseQuery(HttpContext ctx, string method, ResourcePath path, RunningDatastore view, TenantPaths? tenant, out RestconfError? error)
    {
        error = null;
        var query = ctx.Request.Query;
        if (query.Count == 0)
        {
            return null;
        }
        if (query.Keys.FirstOrDefault(k => k is not ("insert" or "point")) is { } unknown)
        {
            error = RestconfError.InvalidValue($"The parameter \"{unknown}\" is not recognized.") with { Type = "protocol" };
            return null;
        }
        var listTarget = path.IsRoot ? null : path.Last.Node;
        if (method is not ("PUT" or "POST") || (method == "PUT" && listTarget is not (ListNode { OrderedByUser: true } or LeafListNode { OrderedByUser: true })))
        {
            error = RestconfError.InvalidValue("Query parameters are only supported for \"list\" and \"leaf-list\" nodes that are ordered-by user, on PUT and POST.") with { Type = "protocol" };
            return null;
        }
        var where = query["insert"].ToString();
        if (where is not ("first" or "last" or "before" or "after"))
        {
            error = RestconfError.InvalidValue("The \"insert\" parameter must be one of first, last, before, after.") with { Type = "protocol" };
            return null;
        }
        IReadOnlyList<string>? point = null;
        if (where is "before" or "after")
        {
            var pointPath = query["point"].ToString();
            if (tenant is not null)
            {
                // The host names the point in its own view: the same tenant's, translated.
                pointPath = TenantPaths.Split(pointPath) is var (name, own) && name == tenant.Tenant ? own : "/";
            }
            var p = ResourcePathParser.Parse(view.Schema, pointPath, out error);
            if (p is null || p.IsRoot || p.Last.Keys is null)
            {
                error ??= RestconfError.InvalidValue("The \"point\" parameter must identify a list entry or leaf-list value.") with { Type = "protocol" };
                return null;
            }
            point = p.Last.Keys;
        }
        else if (query.ContainsKey("point"))
        {
            error = RestconfError.InvalidValue("The \"point\" parameter is only allowed with insert=before or insert=after.") with { Type = "protocol" };
            return null;
        }
        return new InsertPosition(where, point);
    }
}
