using System.Text;

namespace Sztpd.Pki.Passwords;

/// <summary>The crypt(3) base-64 alphabet and the SHA-256-crypt byte permutation.</summary>
internal static class CryptBase64
{
    public const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly (int B2, int B1, int B0)[] Sha256Groups =
    [
        (0, 10, 20), (21, 1, 11), (12, 22, 2), (3, 13, 23), (24, 4, 14),
        (15, 25, 5), (6, 16, 26), (27, 7, 17), (18, 28, 8), (9, 19, 29),
    ];

    public static string EncodeSha256(ReadOnlySpan<byte> digest)
    {
        var builder = new StringBuilder(43);
        foreach (var (b2, b1, b0) in Sha256Groups)
        {
            Append(builder, digest[b2], digest[b1], digest[b0], 4);
        }

        Append(builder, 0, digest[31], digest[30], 3);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, byte b2, byte b1, byte b0, int count)
    {
        var w = (b2 << 16) | (b1 << 8) | b0;
        for (var i = 0; i < count; i++)
        {
            builder.Append(Alphabet[w & 0x3f]);
            w >>= 6;
        }
    }
}
