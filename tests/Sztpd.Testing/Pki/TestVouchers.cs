using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Vouchers;

namespace Sztpd.Testing.Pki;

/// <summary>Issues RFC 8366 ownership vouchers for tests.</summary>
public static class TestVouchers
{
    /// <summary>A signed voucher artifact assigning the device <paramref name="serialNumber"/> to the pinned certificate.</summary>
    public static byte[] Create(
        TestVoucherSigner signer,
        string serialNumber,
        X509Certificate2 pinnedDomainCert,
        DateTimeOffset createdOn,
        DateTimeOffset? expiresOn = null,
        byte[]? nonce = null,
        string assertion = VoucherAssertion.Verified)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return signer.Sign(new OwnershipVoucher
        {
            CreatedOn = createdOn,
            ExpiresOn = expiresOn,
            Assertion = assertion,
            SerialNumber = serialNumber,
            PinnedDomainCert = pinnedDomainCert,
            Nonce = nonce,
        }.ToJson());
    }
}
