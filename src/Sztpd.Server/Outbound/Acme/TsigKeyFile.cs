using System.Text.RegularExpressions;

namespace Sztpd.Server.Outbound.Acme;

/// <summary>
/// The TSIG keys of DNS-01 (docs/certificates.md), read at start from the file SZTPD_TSIG_KEYS_FILE names, in BIND's
/// syntax, as <c>tsig-keygen NAME</c> writes it (<c>key "NAME" { algorithm hmac-sha256; secret "BASE64"; };</c>, one
/// or more). Never stored in the database: the configuration names a key.
/// </summary>
internal static partial class TsigKeyFile
{
    [GeneratedRegex("""key\s+"?(?<name>[A-Za-z0-9._-]+)"?\s*\{\s*algorithm\s+"?(?<algorithm>[A-Za-z0-9-]+)"?\s*;\s*secret\s+"(?<secret>[A-Za-z0-9+/=]+)"\s*;\s*\}\s*;""")]
    private static partial Regex KeyStatement();

    /// <summary>The keys of <paramref name="text"/> by name, or null with <paramref name="error"/> saying why.</summary>
    public static IReadOnlyDictionary<string, TsigKey>? Parse(string text, out string? error)
    {
        var keys = new Dictionary<string, TsigKey>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in KeyStatement().Matches(text))
        {
            var algorithm = m.Groups["algorithm"].Value.ToLowerInvariant();
            if (algorithm is not ("hmac-sha256" or "hmac-sha512"))
            {
                error = $"key \"{m.Groups["name"].Value}\" uses {algorithm}; sztpd signs with hmac-sha256 or hmac-sha512.";
                return null;
            }
            byte[] secret;
            try
            {
                secret = Convert.FromBase64String(m.Groups["secret"].Value);
            }
            catch (FormatException)
            {
                error = $"the secret of key \"{m.Groups["name"].Value}\" is not base64.";
                return null;
            }
            keys[m.Groups["name"].Value.TrimEnd('.')] = new TsigKey(m.Groups["name"].Value.TrimEnd('.'), algorithm, secret);
        }
        error = keys.Count == 0 ? "it holds no key statement (key \"NAME\" { algorithm hmac-sha256; secret \"...\"; };), as tsig-keygen writes." : null;
        return error is null ? keys : null;
    }
}
