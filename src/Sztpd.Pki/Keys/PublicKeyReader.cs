using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Keys;

/// <summary>Reads DER SubjectPublicKeyInfo into an EC or RSA key.</summary>
internal static class PublicKeyReader
{
    /// <summary>Returns the key, or null with <paramref name="error"/> set.</summary>
    public static AsymmetricAlgorithm? Read(byte[] spki, out string? curveOid, out string? error)
    {
        curveOid = null;
        try
        {
            var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(spki, out var read);
            if (read != spki.Length)
            {
                error = "trailing data after the SubjectPublicKeyInfo";
                return null;
            }

            error = null;
            switch (publicKey.Oid.Value)
            {
                case KeyAlgorithmOids.EcPublicKey:
                    curveOid = ReadNamedCurve(publicKey.EncodedParameters?.RawData ?? []);
                    return publicKey.GetECDsaPublicKey();
                case KeyAlgorithmOids.Rsa:
                    return publicKey.GetRSAPublicKey();
                default:
                    error = "unsupported public key algorithm " + publicKey.Oid.Value;
                    return null;
            }
        }
        // A curve OpenSSL does not know (a corrupted OID) is PlatformNotSupportedException.
        catch (Exception e) when (e is CryptographicException or AsnContentException or PlatformNotSupportedException)
        {
            error = e.Message;
            return null;
        }
    }

    private static string? ReadNamedCurve(byte[] parameters)
    {
        try
        {
            return AsnDecoder.ReadObjectIdentifier(parameters, AsnEncodingRules.DER, out _);
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
