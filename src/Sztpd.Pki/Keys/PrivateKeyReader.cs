using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Sztpd.Pki.Keys;

/// <summary>Reads a DER private key in one of the <c>ietf-crypto-types</c> formats.</summary>
internal static class PrivateKeyReader
{
    /// <summary>
    /// Returns the key, or null with <paramref name="error"/> set. <paramref name="curveOid"/> supplies the
    /// curve for an RFC 5915 key that omits its parameters.
    /// </summary>
    public static AsymmetricAlgorithm? Read(string format, byte[] der, string? curveOid, out string? error)
    {
        AsymmetricAlgorithm? key = null;
        try
        {
            int read;
            (key, read) = format switch
            {
                CryptoTypesFormats.EcPrivateKey => ReadEc(der, curveOid),
                CryptoTypesFormats.RsaPrivateKey => ReadRsa(der),
                _ => ReadPkcs8(der),
            };
            error = read == der.Length ? null : "trailing data after the private key";
        }
        // A curve OpenSSL does not know (a corrupted OID) is PlatformNotSupportedException.
        catch (Exception e) when (e is CryptographicException or AsnContentException or PlatformNotSupportedException)
        {
            error = e.Message;
        }

        if (error is null)
        {
            return key;
        }

        key?.Dispose();
        return null;
    }

    private static (AsymmetricAlgorithm, int) ReadEc(byte[] der, string? curveOid) =>
        Import(ECDsa.Create(), ec =>
        {
            try
            {
                ec.ImportECPrivateKey(der, out var read);
                return read;
            }
            catch (CryptographicException) when (curveOid is not null && !HasParameters(der))
            {
                ec.ImportPkcs8PrivateKey(WrapInPkcs8(der, curveOid), out _);
                return der.Length;
            }
        });

    private static (AsymmetricAlgorithm, int) ReadRsa(byte[] der) =>
        Import(RSA.Create(), rsa =>
        {
            rsa.ImportRSAPrivateKey(der, out var read);
            return read;
        });

    private static (AsymmetricAlgorithm, int) ReadPkcs8(byte[] der)
    {
        var info = Pkcs8PrivateKeyInfo.Decode(der, out var read, skipCopy: true);
        AsymmetricAlgorithm key = info.AlgorithmId.Value switch
        {
            KeyAlgorithmOids.EcPublicKey => ECDsa.Create(),
            KeyAlgorithmOids.Rsa => RSA.Create(),
            _ => throw new CryptographicException("unsupported private key algorithm " + info.AlgorithmId.Value),
        };
        return Import(key, k =>
        {
            k.ImportPkcs8PrivateKey(der.AsSpan(0, read), out _);
            return read;
        });
    }

    private static (AsymmetricAlgorithm, int) Import<T>(T key, Func<T, int> import)
        where T : AsymmetricAlgorithm
    {
        try
        {
            return (key, import(key));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    // ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING, parameters [0] OPTIONAL, publicKey [1] OPTIONAL }
    private static bool HasParameters(byte[] der)
    {
        var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        _ = sequence.ReadInteger();
        _ = sequence.ReadOctetString();
        return sequence.HasData && sequence.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0));
    }

    private static byte[] WrapInPkcs8(byte[] ecPrivateKey, string curveOid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(KeyAlgorithmOids.EcPublicKey);
                writer.WriteObjectIdentifier(curveOid);
            }

            writer.WriteOctetString(ecPrivateKey);
        }

        return writer.Encode();
    }
}
