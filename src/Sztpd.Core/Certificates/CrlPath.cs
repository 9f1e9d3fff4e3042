namespace Sztpd.Core.Certificates;

/// <summary>
/// Where sztpd publishes a CA key's CRL (<c>sztpd-ext:crl-distribution-point</c>), on every listener: <c>/crl/KEY</c> for
/// the host's keystore, <c>/crl/TENANT/KEY</c> for a tenant's, each name percent-encoded.
/// </summary>
public static class CrlPath
{
    public const string Root = "/crl/";

    /// <summary>The path of key <paramref name="key"/>'s CRL in <paramref name="tenant"/>'s keystore (null: the host's).</summary>
    public static string Of(string? tenant, string key) =>
        Root + (tenant is null ? "" : Uri.EscapeDataString(tenant) + "/") + Uri.EscapeDataString(key);

    /// <summary>The tenant (null: the host) and key a request path names, or null when it names no CRL.</summary>
    public static (string? Tenant, string Key)? Parse(string rawPath)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        if (!rawPath.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }
        var segments = rawPath[Root.Length..].Split('/');
        return segments.Any(s => s.Length == 0) ? null : segments.Length switch
        {
            1 => (null, Uri.UnescapeDataString(segments[0])),
            2 => (Uri.UnescapeDataString(segments[0]), Uri.UnescapeDataString(segments[1])),
            _ => null,
        };
    }
}
