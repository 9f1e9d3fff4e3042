using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Cms;

namespace Sztpd.Pki.Vouchers;

/// <summary>
/// What a device does with the artifacts it receives (RFC 8572 §5.4): unsigned conveyed information is returned
/// as is; signed conveyed information is accepted only after the ownership voucher is authenticated, the owner
/// certificate chains to the voucher's pinned-domain-cert, and the owner certificate's key verifies the signature.
/// </summary>
public static class SignedDataVerifier
{
    /// <summary>Verifies the artifacts; the result holds the conveyed information or the reason it was rejected.</summary>
    /// <param name="conveyedInformation">The conveyed information artifact (DER CMS).</param>
    /// <param name="ownerCertificate">The owner certificate artifact; required when the conveyed information is signed.</param>
    /// <param name="ownershipVoucher">The ownership voucher artifact; required when the conveyed information is signed.</param>
    /// <param name="manufacturerTrustAnchors">The device's pre-configured trust anchors for vouchers.</param>
    /// <param name="serialNumber">The device's serial number.</param>
    /// <param name="expectedNonce">The nonce the device sent, if any; the voucher's nonce must then equal it.</param>
    /// <param name="now">The device's clock.</param>
    public static SignedDataVerification Verify(
        byte[] conveyedInformation,
        byte[]? ownerCertificate,
        byte[]? ownershipVoucher,
        X509Certificate2Collection manufacturerTrustAnchors,
        string serialNumber,
        byte[]? expectedNonce,
        DateTimeOffset now)
    {
        if (!ConveyedInformationCms.TryDecode(conveyedInformation, out var content, out var signedData, out var error))
        {
            return SignedDataVerification.Fail(error);
        }

        if (signedData is null)
        {
            return new SignedDataVerification { ConveyedInformation = content };
        }

        if (ownerCertificate is null || ownershipVoucher is null)
        {
            return SignedDataVerification.Fail(
                "Signed conveyed information needs an ownership voucher and an owner certificate (RFC 8572 §5.4).");
        }

        if (!OwnerCertificateCms.TryDecode(ownerCertificate, out var chain, out error)
            || !OwnershipVoucherValidator.TryValidate(
                ownershipVoucher, manufacturerTrustAnchors, serialNumber, chain, now, expectedNonce, out var voucher, out error))
        {
            return SignedDataVerification.Fail(error);
        }

        error = CheckOwnerSignature(signedData, chain[0]);
        return error is not null
            ? SignedDataVerification.Fail(error)
            : new SignedDataVerification { ConveyedInformation = content, OwnershipVoucher = voucher };
    }

    // Certificates carried in the conveyed information itself are dropped first: SignerInfo.CheckSignature prefers
    // them to the extra store, and only the authenticated owner certificate may verify the signature.
    private static string? CheckOwnerSignature(SignedCms signedData, X509Certificate2 ownerCertificate)
    {
        foreach (var carried in signedData.Certificates)
        {
            signedData.RemoveCertificate(carried);
        }

        foreach (var signer in signedData.SignerInfos)
        {
            try
            {
                signer.CheckSignature([ownerCertificate], verifySignatureOnly: true);
            }
            catch (CryptographicException)
            {
                return "The conveyed information's signature does not verify with the owner certificate.";
            }
        }

        return null;
    }
}
