using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sztpd.Pki.Passwords;

/// <summary>
/// SHA-256-crypt (<c>$5$</c>), as specified by Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512"
/// and referenced by the <c>iana-crypt-hash</c> YANG type (RFC 7317). Passwords are encoded as UTF-8.
/// </summary>
public static partial class Sha256Crypt
{
    /// <summary>The number of rounds used when a hash names none.</summary>
    public const int DefaultRounds = 5000;

    /// <summary>The smallest number of rounds; smaller requests are raised to it.</summary>
    public const int MinRounds = 1000;

    /// <summary>The largest number of rounds; larger requests are lowered to it.</summary>
    public const int MaxRounds = 999_999_999;

    /// <summary>The longest salt; longer salts are truncated.</summary>
    public const int MaxSaltLength = 16;

    private const string Prefix = "$5$";
    private const string RoundsPrefix = "rounds=";

    /// <summary>Hashes <paramref name="password"/> with a fresh random 16-character salt.</summary>
    /// <returns><c>$5$rounds=N$&lt;salt&gt;$&lt;hash&gt;</c>, with the rounds clamped to 1000..999999999.</returns>
    public static string Hash(string password, int rounds = DefaultRounds)
    {
        var salt = RandomNumberGenerator.GetString(CryptBase64.Alphabet, MaxSaltLength);
        return Hash(password, salt, rounds);
    }

    /// <summary>
    /// Hashes <paramref name="password"/> with the given salt (truncated at the first <c>$</c> and to 16
    /// characters). With <paramref name="rounds"/> null, 5000 rounds are used and no <c>rounds=</c>
    /// parameter is written; otherwise the clamped value is written.
    /// </summary>
    public static string Hash(string password, string salt, int? rounds)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(salt);
        var effectiveSalt = TruncateSalt(salt);
        var effectiveRounds = rounds is { } r ? Clamp(r) : DefaultRounds;
        var hash = Compute(password, effectiveSalt, effectiveRounds);
        var builder = new StringBuilder(Prefix);
        if (rounds is not null)
        {
            builder.Append(RoundsPrefix).Append(effectiveRounds.ToString(CultureInfo.InvariantCulture)).Append('$');
        }

        return builder.Append(effectiveSalt).Append('$').Append(hash).ToString();
    }

    /// <summary>
    /// Checks <paramref name="password"/> against a <c>$5$salt$hash</c> or <c>$5$rounds=N$salt$hash</c>
    /// value. The final comparison takes constant time. Malformed values never verify.
    /// </summary>
    public static bool Verify(string password, string cryptHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(cryptHash, out var salt, out var rounds, out var expected))
        {
            return false;
        }

        var actual = Compute(password, salt, rounds);
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(actual), Encoding.ASCII.GetBytes(expected));
    }

    /// <summary>The rounds a <c>$5$</c> value asks for (verifying it costs that many); null when it is not one.</summary>
    public static int? RoundsOf(string cryptHash) => TryParse(cryptHash, out _, out var rounds, out _) ? rounds : null;

    private static string TruncateSalt(string salt)
    {
        var end = salt.IndexOf('$', StringComparison.Ordinal);
        var length = Math.Min(end < 0 ? salt.Length : end, MaxSaltLength);
        return salt[..length];
    }

    private static int Clamp(long rounds) => (int)Math.Clamp(rounds, MinRounds, MaxRounds);
}
