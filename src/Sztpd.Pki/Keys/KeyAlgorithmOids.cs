namespace Sztpd.Pki.Keys;

internal static class KeyAlgorithmOids
{
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string Rsa = "1.2.840.113549.1.1.1";
}
