using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;

namespace Sztpd.Server.Northbound;

/// <summary>
/// The host's view of a tenant (docs/multi-tenancy.md): each tenant entry is a schema mount point (RFC 8528, the
/// <c>wn-sztpd-x</c> module) of the tenant's own mode-1 tree, so <c>/wn-sztpd-x:tenants/tenant=NAME/wn-sztpd-1:devices/...</c>
/// is the tenant's <c>/wn-sztpd-1:devices/...</c>, with the same bodies; only error paths are translated.
/// </summary>
internal sealed record TenantPaths(string Tenant)
{
    public const string Tenants = "/wn-sztpd-x:tenants";

    /// <summary>The host path of the tenant entry.</summary>
    public string Entry => $"{Tenants}/tenant={Uri.EscapeDataString(Tenant)}";

    /// <summary>
    /// Splits a host path below <see cref="Tenants"/>: the tenant's name and the rest as the tenant's own path ("" for
    /// the entry itself); null when the path is <see cref="Tenants"/> itself or not below it.
    /// </summary>
    public static (string Tenant, string Own)? Split(string rawSubPath)
    {
        ArgumentNullException.ThrowIfNull(rawSubPath);
        const string Prefix = Tenants + "/tenant=";
        if (!rawSubPath.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = rawSubPath[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var key = Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]);
        return slash < 0 || slash == rest.Length - 1 ? (key, "") : (key, rest[slash..]);
    }

    /// <summary>The tenant's whole tree as the host's tenant entry: its name, then its (module-qualified) top-level nodes.</summary>
    public JsonObject EntryOf(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var entry = new JsonObject { ["name"] = Tenant };
        foreach (var (name, value) in root)
        {
            entry[name] = value?.DeepClone();
        }
        return entry;
    }

    /// <summary>The tenant's tree of a host's tenant entry: its members but the name.</summary>
    public static JsonObject RootOf(JsonObject entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var root = new JsonObject();
        foreach (var (name, value) in entry.Where(m => m.Key != "name"))
        {
            root[name] = value?.DeepClone();
        }
        return root;
    }

    /// <summary>An error of the tenant's datastore, its path as the host sees it.</summary>
    public RestconfError Error(RestconfError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Path is { } path && path.StartsWith('/') ? error with { Path = Entry + path } : error;
    }
}
