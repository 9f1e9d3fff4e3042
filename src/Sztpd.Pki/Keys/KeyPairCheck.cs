using System.Security.Cryptography;

namespace Sztpd.Pki.Keys;

/// <summary>Checks that a private key belongs to a public key: same parameters and a sign/verify round trip.</summary>
internal static class KeyPairCheck
{
    private static readonly byte[] Sample = "this is some data I'd like to sign"u8.ToArray();

    public static bool Matches(AsymmetricAlgorithm publicKey, AsymmetricAlgorithm privateKey) =>
        (publicKey, privateKey) switch
        {
            (ECDsa pub, ECDsa priv) => PublicKeys.Equal(pub, priv)
                && pub.VerifyData(Sample, priv.SignData(Sample, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256),
            (RSA pub, RSA priv) => PublicKeys.Equal(pub, priv)
                && pub.VerifyData(Sample, SignPss(priv), HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            _ => false,
        };

    private static byte[] SignPss(RSA key) => key.SignData(Sample, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
}
