using System.Security.Cryptography;
using System.Text;

namespace Sztpd.Pki.Keys;

/// <summary>
/// Key-encryption keys (AES-256) and the AEAD that seals private keys at rest: AES-256-GCM with a fresh random 96-bit
/// nonce per seal and the caller's associated data bound in. The first key seals; every key opens. A sealed value is
/// <c>aes-256-gcm:&lt;key id&gt;:&lt;base64 of nonce, ciphertext, tag&gt;</c>, where the key id (8 hex digits of a
/// SHA-256 over a label and the key) names the key that sealed it, so a value sealed under an older key still opens.
/// </summary>
public sealed class KeyRing
{
    public const int KeySize = 32;
    private const string Algorithm = "aes-256-gcm";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly (string Id, byte[] Key)[] _keys;

    private KeyRing(IEnumerable<byte[]> keys) =>
        _keys = [.. keys.Select(k => (IdOf(k), k)).DistinctBy(k => k.Item1)];

    /// <summary>The id of the key that seals.</summary>
    public string CurrentId => _keys[0].Id;

    /// <summary>
    /// A key file's text: one base64 key of <see cref="KeySize"/> bytes per line, the current one first; blank lines and
    /// lines starting with <c>#</c> are skipped. The message of the <see cref="FormatException"/> names a line, never its text.
    /// </summary>
    public static KeyRing Parse(string text)
    {
        var keys = new List<byte[]>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var key = new byte[KeySize + 1];
            if (!Convert.TryFromBase64String(line, key, out var length) || length != KeySize)
            {
                throw new FormatException($"line {i + 1} is not a base64-encoded {KeySize}-byte key");
            }
            keys.Add(key[..KeySize]);
        }
        return keys.Count > 0 ? new KeyRing(keys) : throw new FormatException("it holds no key");
    }

    /// <summary>A ring of one new random key.</summary>
    public static KeyRing Generate() => new([RandomNumberGenerator.GetBytes(KeySize)]);

    /// <summary>The text of a new key file: one new random key.</summary>
    public static string NewKeyFileText() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize)) + "\n";

    /// <summary>Whether <paramref name="sealedValue"/> was sealed under the current key.</summary>
    public bool IsCurrent(string sealedValue) => sealedValue.StartsWith($"{Algorithm}:{CurrentId}:", StringComparison.Ordinal);

    public string Seal(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var (id, key) = _keys[0];
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(associatedData));
        return $"{Algorithm}:{id}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <exception cref="SealedKeyException">The value is malformed, sealed under a key this ring lacks, or fails authentication.</exception>
    public byte[] Open(string sealedValue, string associatedData)
    {
        var parts = sealedValue.Split(':');
        byte[] sealedBytes;
        try
        {
            sealedBytes = parts.Length == 3 && parts[0] == Algorithm ? Convert.FromBase64String(parts[2]) : [];
        }
        catch (FormatException)
        {
            sealedBytes = [];
        }
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new SealedKeyException($"is not an {Algorithm} sealed value");
        }
        var id = parts[1];
        var key = _keys.FirstOrDefault(k => k.Id == id).Key
            ?? throw new SealedKeyException($"was encrypted under key id {id}, which the key file does not hold");
        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SealedKeyException($"fails authentication under key id {id}: the stored value was altered or moved to another entry");
        }
        return plaintext;
    }

    private static string IdOf(byte[] key) =>
        Convert.ToHexStringLower(SHA256.HashData([.. "sztpd key-encryption key id\n"u8, .. key]))[..8];
}

/// <summary>A sealed value that cannot be opened; the message completes a sentence about that value and never holds key material.</summary>
public sealed class SealedKeyException(string message) : Exception(message);
