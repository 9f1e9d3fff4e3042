using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;
using Sztpd.Core.Tenancy;
using Sztpd.Server.Tenancy;

namespace Sztpd.Server.Northbound;

internal sealed partial class RestconfHandler
{
    /// <summary>
    /// The host's <c>/wn-sztpd-x:tenants</c> (mode x, docs/multi-tenancy.md): the list (GET, POST of one tenant), a tenant
    /// entry (GET, and for unrestricted admins PUT, PATCH, DELETE), and below it the tenant's own tree, as the tenant's
    /// datastore answers it with the paths translated.
    /// </summary>
    private async Task<(bool, string?)> TenantsAsync(HttpContext ctx, string rawSubPath, bool operational, AuthOutcome auth, Tenants tenants)
    {
        var method = ctx.Request.Method.ToUpperInvariant();
        if (TenantPaths.Split(rawSubPath) is not var (name, own))
        {
            return rawSubPath == TenantPaths.Tenants
                ? await TenantListAsync(ctx, method, operational, auth, tenants).ConfigureAwait(false)
                : await Fail(ctx, new RestconfError(400, "protocol", "invalid-value", $"The resource \"{rawSubPath}\" is not one of the tenants' paths.")).ConfigureAwait(false);
        }
        var tenant = tenants.Find(name);
        var paths = new TenantPaths(name);
        if (own.Length > 0 || method == "POST")
        {
            return tenant is null
                ? await Fail(ctx, NoTenant(name)).ConfigureAwait(false)
                : await DataAsync(ctx, own, operational, auth, tenant.Datastore, paths).ConfigureAwait(false);
        }
        if (method is "GET" or "HEAD")
        {
            if (tenant is null)
            {
                return await Fail(ctx, NoTenant(name)).ConfigureAwait(false);
            }
            var (one, tooBig) = await TenantEntriesAsync([tenant], operational, auth, ctx.RequestAborted).ConfigureAwait(false);
            return tooBig is not null
                ? await Fail(ctx, tooBig).ConfigureAwait(false)
                : await Ok(ctx, new JsonObject { ["wn-sztpd-x:tenant"] = new JsonArray([.. one]) }).ConfigureAwait(false);
        }
        if (auth.Access != "unrestricted")
        {
            return await Fail(ctx, RestconfError.AccessDenied(403, $"Access level \"{auth.Access}\" may not create, replace or delete tenants.")).ConfigureAwait(false);
        }
        if (method == "DELETE")
        {
            return await tenants.DeleteAsync(name, ctx.RequestAborted).ConfigureAwait(false)
                ? NoContent(ctx, $"Deleted tenant {name}.")
                : await Fail(ctx, NoTenant(name)).ConfigureAwait(false);
        }
        if (method is not ("PUT" or "PATCH"))
        {
            return await Fail(ctx, new RestconfError(405, "protocol", "operation-not-supported", $"The method {method} is not supported.")).ConfigureAwait(false);
        }
        var (entry, error) = await TenantBodyAsync(ctx, name).ConfigureAwait(false);
        if (error is not null)
        {
            return await Fail(ctx, error).ConfigureAwait(false);
        }
        if (tenant is null)
        {
            return method == "PUT"
                ? await CreateTenantAsync(ctx, tenants, name, entry!).ConfigureAwait(false)
                : await Fail(ctx, NoTenant(name)).ConfigureAwait(false);
        }
        var result = await tenant.Datastore.EditAsync(new EditRequest(method == "PUT" ? EditMethod.Put : EditMethod.Patch, ResourcePath.Root, TenantPaths.RootOf(entry!)),
            ctx.RequestAborted).ConfigureAwait(false);
        return await EditedAsync(ctx, result, paths, StatusCodes.Status204NoContent).ConfigureAwait(false);
    }

    /// <summary><c>/wn-sztpd-x:tenants</c>: GET lists every tenant, POST creates one.</summary>
    private async Task<(bool, string?)> TenantListAsync(HttpContext ctx, string method, bool operational, AuthOutcome auth, Tenants tenants)
    {
        if (method is "GET" or "HEAD")
        {
            var (entries, tooBig) = await TenantEntriesAsync(tenants.All, operational, auth, ctx.RequestAborted).ConfigureAwait(false);
            return tooBig is not null
                ? await Fail(ctx, tooBig).ConfigureAwait(false)
                : await Ok(ctx, new JsonObject { ["wn-sztpd-x:tenants"] = new JsonObject { ["tenant"] = new JsonArray([.. entries]) } }).ConfigureAwait(false);
        }
        if (method != "POST")
        {
            return await Fail(ctx, RestconfError.InvalidValue($"Tenants are created, replaced and deleted one per edit, at {TenantPaths.Tenants}/tenant=NAME ({method} of them all is not supported).")).ConfigureAwait(false);
        }
        if (auth.Access != "unrestricted")
        {
            return await Fail(ctx, RestconfError.AccessDenied(403, $"Access level \"{auth.Access}\" may not create, replace or delete tenants.")).ConfigureAwait(false);
        }
        var (entry, error) = await TenantBodyAsync(ctx, null).ConfigureAwait(false);
        return error is not null
            ? await Fail(ctx, error).ConfigureAwait(false)
            : await CreateTenantAsync(ctx, tenants, (string)entry!["name"]!, entry).ConfigureAwait(false);
    }

    private async Task<(bool, string?)> CreateTenantAsync(HttpContext ctx, Tenants tenants, string name, JsonObject entry)
    {
        if (ConfigurationMapper.Map(tenants.Host.Running).AdminAccounts.Count == 0)
        {
            return await Fail(ctx, RestconfError.InvalidValue("The host has no admin accounts yet: create them before tenants (until then anyone may edit the host).")).ConfigureAwait(false);
        }
        var result = await tenants.CreateAsync(name, TenantPaths.RootOf(entry), ctx.RequestAborted).ConfigureAwait(false);
        return await EditedAsync(ctx, result, new TenantPaths(name), StatusCodes.Status201Created).ConfigureAwait(false);
    }

    private async Task<(bool, string?)> EditedAsync(HttpContext ctx, EditResult result, TenantPaths paths, int status)
    {
        if (!result.Succeeded)
        {
            await HttpIo.WriteErrorsAsync(ctx, [.. result.Errors.Select(paths.Error)]).ConfigureAwait(false);
            return (false, result.Errors[0].Message);
        }
        return NoContent(ctx, null, result.Created ? StatusCodes.Status201Created : status);
    }

    private static (bool, string?) NoContent(HttpContext ctx, string? comment, int status = StatusCodes.Status204NoContent)
    {
        ctx.Response.StatusCode = status;
        return (true, comment);
    }

    /// <summary>The body of a tenant's PUT, PATCH or POST: <c>{"wn-sztpd-x:tenant": [ENTRY]}</c>, one entry whose name is <paramref name="key"/> when given.</summary>
    private async Task<(JsonObject? Entry, RestconfError? Error)> TenantBodyAsync(HttpContext ctx, string? key)
    {
        var (body, bodyError) = await HttpIo.ReadBodyAsync(ctx).ConfigureAwait(false);
        if ((bodyError ?? HttpIo.CheckHeaders(ctx, body is not null, bodyRequired: true, bodyForbidden: false)) is { } headerError)
        {
            return (null, headerError);
        }
        if (HttpIo.ParseObject(body!, state.Limits.MaxNestingDepth, out var parseError) is not { } json)
        {
            return (null, parseError);
        }
        if (json.Count != 1 || json["wn-sztpd-x:tenant"] is not JsonArray { Count: 1 } entries || entries[0] is not JsonObject entry)
        {
            return (null, RestconfError.InvalidValue("The body must be {\"wn-sztpd-x:tenant\": [ENTRY]}, one tenant.", TenantPaths.Tenants));
        }
        var name = (string?)entry["name"];
        if (!TenantNames.IsValid(name))
        {
            return (null, RestconfError.InvalidValue($"A tenant's name is 1 to {TenantNames.MaxLength} letters, digits, '.', '_' and '-', starting with a letter or digit.",
                $"{TenantPaths.Tenants}/tenant/name"));
        }
        return key is not null && name != key
            ? (null, RestconfError.InvalidValue($"The name in the body (\"{name}\") is not the one in the path (\"{key}\").", $"{TenantPaths.Tenants}/tenant/name"))
            : (entry, null);
    }

    /// <summary>
    /// Each tenant's whole tree as the host's tenant entry, without what <paramref name="auth"/>'s level may not read; or
    /// the error of one too big to answer (its logs beyond the answer's entry limit).
    /// </summary>
    private static async Task<(IReadOnlyList<JsonNode> Entries, RestconfError? Error)> TenantEntriesAsync(IEnumerable<Tenant> tenants, bool operational, AuthOutcome auth, CancellationToken ct)
    {
        var entries = new List<JsonNode>();
        foreach (var tenant in tenants)
        {
            var read = await tenant.Datastore.ReadAsync(ResourcePath.Root, operational, LogPaging.Default, ct).ConfigureAwait(false);
            if (read.Error is not null)
            {
                return ([], new TenantPaths(tenant.Name).Error(read.Error));
            }
            if (AccessControl.HidesSecrets(auth.Access))
            {
                AccessControl.Omit(ResourcePath.Root, read.Document!);
            }
            entries.Add(new TenantPaths(tenant.Name).EntryOf(read.Document!));
        }
        return (entries, null);
    }

    private static RestconfError NoTenant(string name) =>
        new(404, "protocol", "invalid-value", $"The tenant \"{name}\" does not exist.", $"{TenantPaths.Tenants}/tenant={Uri.EscapeDataString(name)}");
}
