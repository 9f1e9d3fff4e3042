using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Sztpd.Pki.Passwords;

/// <summary>Helpers for the <c>iana-crypt-hash:crypt-hash</c> type (RFC 7317 §4).</summary>
public static partial class CryptHash
{
    /// <summary>The prefix that marks a clear-text value.</summary>
    public const string ClearTextPrefix = "$0$";

    /// <summary>True when <paramref name="value"/> is a <c>$0$&lt;clear text&gt;</c> value.</summary>
    public static bool IsClearText(string? value) =>
        value is not null && value.StartsWith(ClearTextPrefix, StringComparison.Ordinal);

    /// <summary>The clear text of a <c>$0$</c> value.</summary>
    /// <exception cref="ArgumentException">The value is not clear text.</exception>
    public static string ClearTextOf(string value)
    {
        if (!IsClearText(value))
        {
            throw new ArgumentException("The value is not a \"$0$\" clear-text crypt-hash.", nameof(value));
        }

        return value[ClearTextPrefix.Length..];
    }

    /// <summary>True when <paramref name="value"/> matches the <c>crypt-hash</c> pattern of RFC 7317.</summary>
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>
    /// The value to store for a received <c>crypt-hash</c>: a <c>$0$</c> value is hashed with SHA-256-crypt
    /// using <paramref name="rounds"/>; any other value is returned unchanged.
    /// </summary>
    public static string ToStored(string value, int rounds = Sha256Crypt.DefaultRounds) =>
        IsClearText(value) ? Sha256Crypt.Hash(ClearTextOf(value), rounds) : value;

    /// <summary>
    /// Checks <paramref name="password"/> against a stored <c>$5$</c> or <c>$0$</c> value, in constant time
    /// for the final comparison. Other schemes (<c>$1$</c>, <c>$6$</c>) are not supported and never verify.
    /// </summary>
    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (IsClearText(stored))
        {
            return CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(password)),
                SHA256.HashData(Encoding.UTF8.GetBytes(ClearTextOf(stored))));
        }

        return Sha256Crypt.Verify(password, stored);
    }

    // The YANG pattern, anchored as XSD patterns implicitly are; XSD '.' excludes line breaks.
    [GeneratedRegex(
        @"\A(?:\$0\$[^\r\n]*"
        + @"|\$1\$[a-zA-Z0-9./]{1,8}\$[a-zA-Z0-9./]{22}"
        + @"|\$5\$(?:rounds=[0-9]+\$)?[a-zA-Z0-9./]{1,16}\$[a-zA-Z0-9./]{43}"
        + @"|\$6\$(?:rounds=[0-9]+\$)?[a-zA-Z0-9./]{1,16}\$[a-zA-Z0-9./]{86})\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
