using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.DeviceSimulator.DemoPki;

/// <summary>
/// sha1WithRSAEncryption (RFC 3279), which .NET's own RSA generator refuses: Cisco's SUDI chains are signed with it, and
/// the cisco-ios-xe demo must present one. Only demo certificates are signed with it.
/// </summary>
internal sealed class RsaSha1SignatureGenerator(RSA key) : X509SignatureGenerator
{
    // SEQUENCE { OID 1.2.840.113549.1.1.5, NULL }
    private static readonly byte[] AlgorithmIdentifier = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05, 0x05, 0x00];

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => hashAlgorithm == HashAlgorithmName.SHA1
        ? [.. AlgorithmIdentifier]
        : throw new ArgumentOutOfRangeException(nameof(hashAlgorithm), hashAlgorithm, "Only SHA-1.");

#pragma warning disable CA5350 // SHA-1 on purpose: the demo copies Cisco's SHA-1 signed SUDI chains.
    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
#pragma warning restore CA5350

    protected override PublicKey BuildPublicKey() => new(key);
}
