using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Vouchers;

/// <summary>
/// Validates an ownership voucher as a device does (RFC 8572 §5.4): authenticated by the manufacturer trust anchors,
/// created before and not expired at <c>now</c>, for the device's serial number (and nonce, when one is expected),
/// pinning a certificate the owner certificate chains to. Any assertion value is accepted; revocation is not checked,
/// so a voucher whose <c>domain-cert-revocation-checks</c> is true is rejected; <c>idevid-issuer</c> is not compared.
/// </summary>
public static class OwnershipVoucherValidator
{
    /// <summary>Null when the voucher is valid, otherwise one English sentence saying why it is not.</summary>
    /// <param name="voucherCms">The ownership voucher artifact (DER CMS SignedData).</param>
    /// <param name="manufacturerTrustAnchors">The only certificates trusted to root the voucher signer's chain.</param>
    /// <param name="expectedSerialNumber">The device's serial number.</param>
    /// <param name="ownerCertificateChain">The owner certificate first, then its intermediates.</param>
    /// <param name="now">The instant dates are checked at.</param>
    /// <param name="expectedNonce">When given, the voucher's nonce must equal it.</param>
    public static string? Validate(
        byte[] voucherCms,
        X509Certificate2Collection manufacturerTrustAnchors,
        string expectedSerialNumber,
        IReadOnlyList<X509Certificate2> ownerCertificateChain,
        DateTimeOffset now,
        byte[]? expectedNonce = null) =>
        TryValidate(voucherCms, manufacturerTrustAnchors, expectedSerialNumber, ownerCertificateChain, now, expectedNonce, out _, out var error)
            ? null
            : error;

    /// <summary>As <see cref="Validate"/>, returning the authenticated voucher when valid.</summary>
    public static bool TryValidate(
        byte[] voucherCms,
        X509Certificate2Collection manufacturerTrustAnchors,
        string expectedSerialNumber,
        IReadOnlyList<X509Certificate2> ownerCertificateChain,
        DateTimeOffset now,
        byte[]? expectedNonce,
        [NotNullWhen(true)] out OwnershipVoucher? voucher,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(expectedSerialNumber);
        ArgumentNullException.ThrowIfNull(ownerCertificateChain);
        try
        {
            if (!OwnershipVoucherCms.TryVerify(voucherCms, manufacturerTrustAnchors, now, out voucher, out error))
            {
                return false;
            }

            error = Check(voucher, expectedSerialNumber, now, expectedNonce)
                ?? PinnedDomainCertPath.Validate(ownerCertificateChain, voucher.PinnedDomainCert, now);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or PlatformNotSupportedException)
        {
            // .NET decodes a certificate's parts when they are first read: a corrupted certificate the voucher carries
            // (its signer's chain) or pins throws only here, after the CMS structure itself decoded.
            voucher = null;
            error = $"The ownership voucher holds a certificate that cannot be decoded ({e.Message}).";
            return false;
        }

        if (error is not null)
        {
            voucher = null;
            return false;
        }

        return true;
    }

    /// <summary>
    /// The period in which <see cref="TryValidate"/>, having accepted <paramref name="voucher"/> (read from
    /// <paramref name="voucherCms"/>) without a nonce, accepts it again with the same other arguments: every date it
    /// checks lies in it. It is taken over every certificate the validation may have used (those the CMS carries, all the
    /// anchors, the owner chain, the pinned-domain-cert), so it may be shorter than the voucher's own, never longer.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset Until) SameVerdict(
        byte[] voucherCms, OwnershipVoucher voucher, X509Certificate2Collection manufacturerTrustAnchors, IReadOnlyList<X509Certificate2> ownerCertificateChain)
    {
        ArgumentNullException.ThrowIfNull(voucher);
        var cms = new System.Security.Cryptography.Pkcs.SignedCms();
        cms.Decode(voucherCms);
        IEnumerable<X509Certificate2> used = [.. cms.Certificates, .. manufacturerTrustAnchors, .. ownerCertificateChain, voucher.PinnedDomainCert];
        var from = voucher.CreatedOn;
        var until = voucher.ExpiresOn ?? DateTimeOffset.MaxValue;
        foreach (var certificate in used)
        {
            from = Max(from, new DateTimeOffset(certificate.NotBefore.ToUniversalTime()));
            until = Min(until, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        }
        return (from, until);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string? Check(OwnershipVoucher voucher, string expectedSerialNumber, DateTimeOffset now, byte[]? expectedNonce)
    {
        if (!string.Equals(voucher.SerialNumber, expectedSerialNumber, StringComparison.Ordinal))
        {
            return $"The ownership voucher is for serial number \"{voucher.SerialNumber}\", not \"{expectedSerialNumber}\".";
        }

        if (voucher.CreatedOn > now)
        {
            return $"The ownership voucher was created on {YangDateAndTime.Format(voucher.CreatedOn)}, "
                + $"after the current time {YangDateAndTime.Format(now)}.";
        }

        if (voucher.ExpiresOn is { } expiresOn && now >= expiresOn)
        {
            return $"The ownership voucher expired on {YangDateAndTime.Format(expiresOn)}.";
        }

        if (voucher.DomainCertRevocationChecks == true)
        {
            // RFC 8572 §5.4: without a revocation status the device must not validate the owner certificate.
            return "The ownership voucher requires revocation checks of the owner certificate's chain, which are not supported.";
        }

        if (expectedNonce is null)
        {
            return null;
        }

        return voucher.Nonce is null ? "The ownership voucher has no nonce, but the device expects one."
            : !voucher.Nonce.AsSpan().SequenceEqual(expectedNonce) ? "The ownership voucher's nonce differs from the device's nonce."
            : null;
    }
}
