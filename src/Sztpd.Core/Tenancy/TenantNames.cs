using System.Text.RegularExpressions;

namespace Sztpd.Core.Tenancy;

/// <summary>
/// Tenant names (the key of <c>wn-sztpd-x:tenants/tenant</c>): 1 to 64 letters, digits, '.', '_' and '-', starting with a
/// letter or digit, so that a name never holds the '/' that ends its storage prefix and fits the databases' key columns.
/// </summary>
public static partial class TenantNames
{
    public const int MaxLength = 64;

    public const string Pattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    public static bool IsValid(string? name) => name is not null && Valid().IsMatch(name);

    /// <summary>Where the tenant's data is stored: <c>tenant/NAME/</c> before every name.</summary>
    public static string Prefix(string name) =>
        IsValid(name) ? $"tenant/{name}/" : throw new ArgumentException($"\"{name}\" is not a tenant name.", nameof(name));

    /// <summary>The tenant whose prefix starts <paramref name="stored"/>, or null (the host's).</summary>
    public static string? Of(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.StartsWith("tenant/", StringComparison.Ordinal))
        {
            return null;
        }
        var end = stored.IndexOf('/', "tenant/".Length);
        return end < 0 ? null : stored["tenant/".Length..end];
    }

    [GeneratedRegex("^" + Pattern + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();
}
