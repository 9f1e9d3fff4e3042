using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Certificates;

namespace Sztpd.Pki.Vouchers;

/// <summary>
/// RFC 8572 §5.4 owner certificate authentication: X.509 path verification from the owner certificate up to the
/// voucher's <c>pinned-domain-cert</c>, which may be the owner certificate itself or any CA above it and need not be
/// self-signed. Revocation is not checked.
/// </summary>
internal static class PinnedDomainCertPath
{
    private const string NotPinned =
        "The owner certificate does not chain to the ownership voucher's pinned-domain-cert.";

    /// <summary>Null when the chain (owner certificate first) leads to <paramref name="pinned"/>, else why not.</summary>
    public static string? Validate(IReadOnlyList<X509Certificate2> chain, X509Certificate2 pinned, DateTimeOffset now)
    {
        if (chain.Count == 0)
        {
            return "The owner certificate chain is empty.";
        }

        if (chain[0].Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } keyUsage
            && !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            return "The owner certificate's key usage lacks digitalSignature (RFC 8572 §3.2).";
        }

        for (var i = 0; i < chain.Count; i++)
        {
            var certificate = chain[i];
            if (NotValidAt(certificate, now) is { } expired)
            {
                return expired;
            }

            if (certificate.RawData.AsSpan().SequenceEqual(pinned.RawData))
            {
                return null;
            }

            if (i > 0 && !CertificateFacts.IsCa(certificate))
            {
                return $"The owner certificate's issuer \"{certificate.Subject}\" is not a CA certificate.";
            }

            if (IsIssuer(certificate, pinned))
            {
                return NotValidAt(pinned, now);
            }

            if (i + 1 == chain.Count || !IsIssuer(certificate, chain[i + 1]))
            {
                return NotPinned;
            }
        }

        return NotPinned;
    }

    private static bool IsIssuer(X509Certificate2 subject, X509Certificate2 issuer) =>
        DistinguishedNames.Equal(subject.IssuerName, issuer.SubjectName) && CertificateSignature.IsSignedBy(subject, issuer);

    private static string? NotValidAt(X509Certificate2 certificate, DateTimeOffset now)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        return now >= notBefore && now <= notAfter ? null
            : $"The certificate \"{certificate.Subject}\" on the owner certificate's chain is valid from "
                + $"{YangDateAndTime.Format(notBefore)} to {YangDateAndTime.Format(notAfter)}, not at {YangDateAndTime.Format(now)}.";
    }
}
