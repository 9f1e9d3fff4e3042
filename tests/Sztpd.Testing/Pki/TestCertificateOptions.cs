using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Testing.Pki;

/// <summary>What to put in a certificate issued by <see cref="TestPki"/>; unset values take sensible defaults.</summary>
public sealed record TestCertificateOptions
{
    public TestKeyAlgorithm KeyAlgorithm { get; init; } = TestKeyAlgorithm.EcP256;

    public IReadOnlyList<string> DnsNames { get; init; } = [];

    public IReadOnlyList<IPAddress> IpAddresses { get; init; } = [];

    /// <summary>Defaults to the PKI's now minus one hour.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Defaults to one year (end entities) or ten years (CAs) after the PKI's now.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>Defaults to keyCertSign|cRLSign for CAs, digitalSignature (plus keyEncipherment for RSA) otherwise.</summary>
    public X509KeyUsageFlags? KeyUsage { get; init; }

    /// <summary>Defaults to serverAuth + clientAuth for end entities and none for CAs.</summary>
    public IReadOnlyList<Oid>? ExtendedKeyUsages { get; init; }

    /// <summary>For CAs, the pathLenConstraint; null for none.</summary>
    public int? PathLength { get; init; }

    /// <summary>When false, an end-entity certificate carries no basicConstraints extension at all.</summary>
    public bool IncludeBasicConstraints { get; init; } = true;

    /// <summary>Extensions added as they are (a CRL distribution point, an authority information access...).</summary>
    public IReadOnlyList<X509Extension> OtherExtensions { get; init; } = [];

    /// <summary>The hash of the issuer's signature (SHA-1 for the legacy chains real switches carry).</summary>
    public HashAlgorithmName SignatureHash { get; init; } = HashAlgorithmName.SHA256;
}
