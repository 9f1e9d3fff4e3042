namespace Sztpd.Pki.Keys;

/// <summary>
/// The keystore <c>asymmetric-key</c> create/change check of SZTPD: supported formats, parseable DER,
/// and a private key that belongs to the public key.
/// </summary>
public static class AsymmetricKeyValidator
{
    /// <summary>
    /// Returns null when the pair is acceptable, otherwise an SZTPD-phrased error sentence. When
    /// <paramref name="nodePath"/> is given (the <c>asymmetric-key</c> data path), it is appended as SZTPD does.
    /// </summary>
    public static string? Validate(
        string publicKeyFormat, byte[] publicKey, string privateKeyFormat, byte[] privateKey, string? nodePath = null)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(privateKey);
        if (publicKeyFormat != CryptoTypesFormats.SubjectPublicKeyInfo)
        {
            return $"Unsupported \"public-key-format\" ({publicKeyFormat}){NodePath.For(nodePath)}";
        }

        using var pub = PublicKeyReader.Read(publicKey, out var curveOid, out var publicError);
        if (pub is null)
        {
            return $"Parsing public key structure failed{NodePath.For(nodePath)} ({publicError})";
        }

        if (privateKeyFormat is not (CryptoTypesFormats.EcPrivateKey or CryptoTypesFormats.RsaPrivateKey
            or CryptoTypesFormats.OneAsymmetricKey))
        {
            return $"Unsupported \"private-key-format\" ({privateKeyFormat}){NodePath.For(nodePath)}";
        }

        using var priv = PrivateKeyReader.Read(privateKeyFormat, privateKey, curveOid, out var privateError);
        if (priv is null)
        {
            return $"Parsing private key structure failed{NodePath.For(nodePath)} ({privateError})";
        }

        return KeyPairCheck.Matches(pub, priv)
            ? null
            : "The asymmetric-key has a mismatched public/private key pair" + NodePath.Colon(nodePath);
    }
}
