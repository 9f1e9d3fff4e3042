using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;

namespace Sztpd.Server.Northbound;

/// <summary>
/// The host's view of a tenant (docs/multi-tenancy.md): <c>/wn-sztpd-x:tenants/tenant=NAME/devices/...</c> is the
/// tenant's own <c>/wn-sztpd-1:devices/...</c>. A tenant's tree is a mode-1 tree; under the tenant entry its top-level
/// nodes lose their <c>wn-sztpd-1</c> prefix (they are the entry's children), and other modules' keep theirs.
/// </summary>
internal sealed record TenantPaths(string Tenant)
{
    public const string Tenants = "/wn-sztpd-x:tenants";
    private const string Mode1 = "wn-sztpd-1:";
    private const string ModeX = "wn-sztpd-x:";

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
        if (slash < 0 || slash == rest.Length - 1)
        {
            return (key, "");
        }
        var own = rest[(slash + 1)..];
        // The first step names its module when it is not wn-sztpd-1's (e.g. sztpd-ext:outbox).
        return (key, "/" + (own.Split('/')[0].Contains(':', StringComparison.Ordinal) ? own : Mode1 + own));
    }

    /// <summary>A request body for the tenant: a <c>wn-sztpd-x:</c> top-level member is the tenant's <c>wn-sztpd-1:</c> one.</summary>
    public static JsonObject Request(JsonObject body) => Rename(body, ModeX, Mode1);

    /// <summary>An answer of the tenant, for the host: <c>wn-sztpd-1:</c> top-level members become <c>wn-sztpd-x:</c>.</summary>
    public static JsonObject Answer(JsonObject doc) => Rename(doc, Mode1, ModeX);

    /// <summary>The tenant's whole tree as the host's tenant entry: its name, then its top-level nodes as children.</summary>
    public JsonObject EntryOf(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var entry = new JsonObject { ["name"] = Tenant };
        foreach (var (name, value) in root)
        {
            entry[name.StartsWith(Mode1, StringComparison.Ordinal) ? name[Mode1.Length..] : name] = value?.DeepClone();
        }
        return entry;
    }

    /// <summary>The tenant's tree of a host's tenant entry (members without a module are <c>wn-sztpd-1</c>'s); the name is not part of it.</summary>
    public static JsonObject RootOf(JsonObject entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var root = new JsonObject();
        foreach (var (name, value) in entry.Where(m => m.Key != "name"))
        {
            root[name.Contains(':', StringComparison.Ordinal) ? name : Mode1 + name] = value?.DeepClone();
        }
        return root;
    }

    /// <summary>An error of the tenant's datastore, its path as the host sees it.</summary>
    public RestconfError Error(RestconfError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Path is { } path && path.StartsWith("/" + Mode1, StringComparison.Ordinal)
            ? error with { Path = Entry + "/" + path[(1 + Mode1.Length)..] }
            : error.Path is { } other && other.StartsWith('/') ? error with { Path = Entry + other } : error;
    }

    private static JsonObject Rename(JsonObject doc, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var renamed = new JsonObject();
        foreach (var (name, value) in doc)
        {
            renamed[name.StartsWith(from, StringComparison.Ordinal) ? to + name[from.Length..] : name] = value?.DeepClone();
        }
        return renamed;
    }
}
