namespace Sztpd.Pki.Passwords;

public static partial class Sha256Crypt
{
    private const int HashLength = 43;

    private static bool TryParse(string? value, out string salt, out int rounds, out string hash)
    {
        salt = hash = string.Empty;
        rounds = DefaultRounds;
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = value.AsSpan(Prefix.Length);
        if (rest.StartsWith(RoundsPrefix, StringComparison.Ordinal))
        {
            var digitsEnd = rest.IndexOf('$');
            if (digitsEnd < 0 || !TryParseRounds(rest[RoundsPrefix.Length..digitsEnd], out rounds))
            {
                return false;
            }

            rest = rest[(digitsEnd + 1)..];
        }

        var saltEnd = rest.LastIndexOf('$');
        if (saltEnd < 0 || rest.Length - saltEnd - 1 != HashLength || rest[..saltEnd].Contains('$'))
        {
            return false;
        }

        salt = rest[..Math.Min(saltEnd, MaxSaltLength)].ToString();
        hash = rest[(saltEnd + 1)..].ToString();
        return true;
    }

    private static bool TryParseRounds(ReadOnlySpan<char> digits, out int rounds)
    {
        rounds = DefaultRounds;
        if (digits.IsEmpty)
        {
            return false;
        }

        long value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = Math.Min((value * 10) + (c - '0'), (long)MaxRounds + 1);
        }

        rounds = Clamp(value);
        return true;
    }
}
