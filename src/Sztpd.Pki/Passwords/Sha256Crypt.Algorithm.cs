using System.Security.Cryptography;
using System.Text;

namespace Sztpd.Pki.Passwords;

public static partial class Sha256Crypt
{
    private const int DigestLength = 32;

    // Steps 1-21 of Drepper's specification, for SHA-256.
    private static string Compute(string password, string salt, int rounds)
    {
        var key = Encoding.UTF8.GetBytes(password);
        var saltBytes = Encoding.UTF8.GetBytes(salt);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> a = stackalloc byte[DigestLength];
        Span<byte> b = stackalloc byte[DigestLength];
        try
        {
            sha.AppendData(key);
            sha.AppendData(saltBytes);
            sha.AppendData(key);
            sha.GetHashAndReset(b);

            sha.AppendData(key);
            sha.AppendData(saltBytes);
            AppendRepeated(sha, b, key.Length);
            for (var n = key.Length; n > 0; n >>= 1)
            {
                sha.AppendData((n & 1) != 0 ? b : key);
            }

            sha.GetHashAndReset(a);
            var p = Sequence(sha, key, key.Length, key.Length);
            var s = Sequence(sha, saltBytes, 16 + a[0], saltBytes.Length);
            try
            {
                Stretch(sha, a, p, s, rounds);
                return CryptBase64.EncodeSha256(a);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(p);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(b);
        }
    }

    // Steps 13-16 (P) and 17-20 (S): hash `input` repeated `times` times, then repeat that digest to `length` bytes.
    private static byte[] Sequence(IncrementalHash sha, byte[] input, int times, int length)
    {
        for (var i = 0; i < times; i++)
        {
            sha.AppendData(input);
        }

        Span<byte> digest = stackalloc byte[DigestLength];
        sha.GetHashAndReset(digest);
        var result = new byte[length];
        for (var offset = 0; offset < length; offset += DigestLength)
        {
            digest[..Math.Min(DigestLength, length - offset)].CopyTo(result.AsSpan(offset));
        }

        CryptographicOperations.ZeroMemory(digest);
        return result;
    }

    private static void Stretch(IncrementalHash sha, Span<byte> c, byte[] p, byte[] s, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            var odd = (i & 1) != 0;
            if (odd)
            {
                sha.AppendData(p);
            }
            else
            {
                sha.AppendData(c);
            }

            if (i % 3 != 0)
            {
                sha.AppendData(s);
            }

            if (i % 7 != 0)
            {
                sha.AppendData(p);
            }

            if (odd)
            {
                sha.AppendData(c);
            }
            else
            {
                sha.AppendData(p);
            }

            sha.GetHashAndReset(c);
        }
    }

    private static void AppendRepeated(IncrementalHash sha, ReadOnlySpan<byte> block, int length)
    {
        for (; length > DigestLength; length -= DigestLength)
        {
            sha.AppendData(block);
        }

        sha.AppendData(block[..length]);
    }
}
