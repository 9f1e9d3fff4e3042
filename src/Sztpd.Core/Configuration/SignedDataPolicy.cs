namespace Sztpd.Core.Configuration;

/// <summary>
/// <c>sztpd-ext:signed-data</c>: the owner's key and certificate, the voucher trust anchors' bag, whether to sign always or
/// when preferred, and which certificates the signed conveyed information carries.
/// </summary>
public sealed record SignedDataPolicy(KeystoreReference OwnerCertificate, string VoucherTrustAnchors, bool Always, EmbeddedCertificates Embed = EmbeddedCertificates.None);
