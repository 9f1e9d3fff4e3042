namespace Sztpd.Pki.Keys;

/// <summary>The <c>ietf-crypto-types</c> key-format identities, as qualified JSON identityref values.</summary>
public static class CryptoTypesFormats
{
    /// <summary>DER SubjectPublicKeyInfo (RFC 5280).</summary>
    public const string SubjectPublicKeyInfo = "ietf-crypto-types:subject-public-key-info-format";

    /// <summary>DER ECPrivateKey (RFC 5915).</summary>
    public const string EcPrivateKey = "ietf-crypto-types:ec-private-key-format";

    /// <summary>DER RSAPrivateKey (RFC 3447 / PKCS #1).</summary>
    public const string RsaPrivateKey = "ietf-crypto-types:rsa-private-key-format";

    /// <summary>DER OneAsymmetricKey (RFC 5958 / PKCS #8), unencrypted. An extension over SZTPD.</summary>
    public const string OneAsymmetricKey = "ietf-crypto-types:one-asymmetric-key-format";
}
