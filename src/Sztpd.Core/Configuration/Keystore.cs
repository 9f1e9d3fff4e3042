namespace Sztpd.Core.Configuration;

/// <summary>The keystore's asymmetric keys by name.</summary>
public sealed class Keystore(IReadOnlyDictionary<string, KeystoreKey> keys)
{
    public IReadOnlyDictionary<string, KeystoreKey> Keys => keys;

    /// <summary>
    /// The certificate <paramref name="reference"/> names, decoded with its private key, or null with the reason. Each call
    /// decodes anew and the caller owns the key: cache what is used per request (per configuration revision).
    /// </summary>
    public KeystoreCertificate? Read(KeystoreReference reference, out string? error)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!keys.TryGetValue(reference.Key, out var key) || key.CleartextPrivateKey is null
            || !key.Certificates.TryGetValue(reference.Certificate, out var certData) || certData is null)
        {
            error = $"The keystore has no certificate \"{reference.Certificate}\" with a private key under asymmetric-key \"{reference.Key}\".";
            return null;
        }
        return KeystoreCertificate.Decode(reference, key.PrivateKeyFormat, key.CleartextPrivateKey, certData, out error);
    }
}
