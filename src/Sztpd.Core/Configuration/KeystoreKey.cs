namespace Sztpd.Core.Configuration;

/// <summary>
/// An <c>asymmetric-key</c> of the keystore: its private key (base64 DER, in its format), its certificates' <c>cert-data</c>
/// (base64 CMS) by name, the names of those marked <c>sztpd-ext:certificate-authority</c>, and for a CA key the URL of
/// its CRL that the certificates it issues name (<c>sztpd-ext:crl-distribution-point</c>).
/// </summary>
public sealed record KeystoreKey(string Name, string PrivateKeyFormat, string? CleartextPrivateKey, IReadOnlyDictionary<string, string?> Certificates,
    IReadOnlySet<string> CertificateAuthorities, string? CrlDistributionPoint = null);
