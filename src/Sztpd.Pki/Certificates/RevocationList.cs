using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Certificates;

/// <summary>An X.509 v2 CRL (RFC 5280 section 5) of a CA, built with the BCL's <see cref="CertificateRevocationListBuilder"/>.</summary>
public static class RevocationList
{
    /// <summary>A revoked certificate: its serial number (hexadecimal), when, and why (a <c>sztpd-ext:revoke-certificate</c> reason).</summary>
    public sealed record Entry(string Serial, DateTimeOffset Revoked, string Reason);

    /// <summary>The DER CRL of <paramref name="ca"/>, signed with <paramref name="caKey"/>, listing <paramref name="entries"/>.</summary>
    public static byte[] Build(X509Certificate2 ca, AsymmetricAlgorithm caKey, IEnumerable<Entry> entries, BigInteger number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(entries);
        var builder = new CertificateRevocationListBuilder();
        foreach (var entry in entries)
        {
            // RFC 5280 section 5.3.1: reasonCode unspecified SHOULD be absent.
            builder.AddEntry(Convert.FromHexString(entry.Serial), entry.Revoked, entry.Reason == "unspecified" ? null : Reason(entry.Reason));
        }
        var (generator, hash) = caKey switch
        {
            RSA rsa => (X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256),
            ECDsa ec => (X509SignatureGenerator.CreateForECDsa(ec), ec.KeySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
            _ => throw new ArgumentException("The CA key must be RSA or ECDSA.", nameof(caKey)),
        };
        return builder.Build(ca.SubjectName, generator, number, nextUpdate, hash,
            CertificateIssuer.AuthorityKeyIdentifier(ca), thisUpdate);
    }

    /// <summary>The CRL distribution points extension naming <paramref name="url"/>.</summary>
    public static X509Extension DistributionPoint(string url) => CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([url]);

    /// <summary>The RFC 5280 CRLReason of a <c>revoke-certificate</c> reason (its value is the RFC's code).</summary>
    public static X509RevocationReason Reason(string reason) => reason switch
    {
        "unspecified" => X509RevocationReason.Unspecified,
        "key-compromise" => X509RevocationReason.KeyCompromise,
        "ca-compromise" => X509RevocationReason.CACompromise,
        "affiliation-changed" => X509RevocationReason.AffiliationChanged,
        "superseded" => X509RevocationReason.Superseded,
        "cessation-of-operation" => X509RevocationReason.CessationOfOperation,
        "privilege-withdrawn" => X509RevocationReason.PrivilegeWithdrawn,
        _ => throw new ArgumentException($"Unknown revocation reason \"{reason}\".", nameof(reason)),
    };
}
