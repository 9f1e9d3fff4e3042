using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Cms;

namespace Sztpd.Pki.Vouchers;

/// <summary>
/// The ownership voucher artifact (RFC 8572 §3.3, RFC 8366 §5.4): CMS SignedData whose eContentType is
/// id-ct-animaJSONVoucher (or id-data) and whose content is the voucher's RFC 7951 JSON, signed by the
/// manufacturer (MASA). Encrypted (id-envelopedData) vouchers are not supported.
/// </summary>
public static class OwnershipVoucherCms
{
    /// <summary>
    /// Signs voucher JSON as id-ct-animaJSONVoucher SignedData (SHA-256, issuer-and-serial signer identifier),
    /// including <paramref name="certificates"/> (RFC 8366 §5.4: the chain up to and including the trust anchor).
    /// The JSON is not checked, so malformed vouchers can be made for tests.
    /// </summary>
    public static byte[] Sign(
        byte[] voucherJson, X509Certificate2 signerCertificate, AsymmetricAlgorithm signerKey, IEnumerable<X509Certificate2> certificates) =>
        CmsSigning.Sign(CmsOids.AnimaJsonVoucher, voucherJson, signerCertificate, signerKey, certificates);

    /// <summary>Signs <paramref name="voucher"/>'s JSON; see <see cref="Sign(byte[], X509Certificate2, AsymmetricAlgorithm, IEnumerable{X509Certificate2})"/>.</summary>
    public static byte[] Sign(
        OwnershipVoucher voucher, X509Certificate2 signerCertificate, AsymmetricAlgorithm signerKey, IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(voucher);
        return Sign(voucher.ToJson(), signerCertificate, signerKey, certificates);
    }

    /// <summary>
    /// Reads the voucher without authenticating it (for display and for checks before storing). Use
    /// <see cref="TryVerify"/> or <see cref="OwnershipVoucherValidator"/> before trusting it.
    /// </summary>
    public static bool TryDecode(
        byte[] der, [NotNullWhen(true)] out OwnershipVoucher? voucher, [NotNullWhen(false)] out string? error)
    {
        voucher = null;
        return TryDecodeSignedData(der, out var signedData, out error)
            && OwnershipVoucher.TryParseJson(signedData.ContentInfo.Content, out voucher, out error);
    }

    /// <summary>
    /// Authenticates the voucher and reads it: every signature verifies with its signer's certificate, and each
    /// signer's certificate chains (with the certificates the CMS carries) to one of
    /// <paramref name="manufacturerTrustAnchors"/>, valid at <paramref name="now"/>. Only those anchors are trusted
    /// (never the system store) and revocation is not checked.
    /// </summary>
    public static bool TryVerify(
        byte[] der,
        X509Certificate2Collection manufacturerTrustAnchors,
        DateTimeOffset now,
        [NotNullWhen(true)] out OwnershipVoucher? voucher,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(manufacturerTrustAnchors);
        voucher = null;
        if (!TryDecodeSignedData(der, out var signedData, out error))
        {
            return false;
        }

        foreach (var signer in signedData.SignerInfos)
        {
            error = VoucherSignerValidator.Validate(signedData, signer, manufacturerTrustAnchors, now);
            if (error is not null)
            {
                return false;
            }
        }

        return OwnershipVoucher.TryParseJson(signedData.ContentInfo.Content, out voucher, out error);
    }

    private static bool TryDecodeSignedData(
        byte[] der, [NotNullWhen(true)] out SignedCms? signedData, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(der);
        signedData = null;
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.BER);
            var contentType = reader.ReadSequence().ReadObjectIdentifier();
            error = reader.HasData ? "The ownership voucher has trailing data after the ContentInfo."
                : contentType == CmsOids.EnvelopedData ? "Encrypted ownership vouchers (id-envelopedData) are not supported."
                : contentType != CmsOids.SignedData ? $"The ownership voucher's content type is {contentType}, not id-signedData."
                : null;
            if (error is not null)
            {
                return false;
            }

            var cms = new SignedCms();
            cms.Decode(der);
            var eContentType = cms.ContentInfo.ContentType.Value;
            error = eContentType is not (CmsOids.AnimaJsonVoucher or CmsOids.Data)
                ? $"The ownership voucher's eContentType is {eContentType}, not id-ct-animaJSONVoucher."
                : !EncapsulatedContent.IsPresent(der) ? "The ownership voucher carries no content (a detached signature)."
                : cms.SignerInfos.Count == 0 ? "The ownership voucher has no signer."
                : null;
            signedData = error is null ? cms : null;
            return error is null;
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            error = $"The ownership voucher is not a DER CMS structure ({e.Message}).";
            return false;
        }
    }
}
