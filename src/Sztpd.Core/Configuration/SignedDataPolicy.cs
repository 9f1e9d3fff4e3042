namespace Sztpd.Core.Configuration;

/// <summary><c>sztpd-ext:signed-data</c>: the owner's key and certificate, the voucher trust anchors' bag, and whether to sign always or when preferred.</summary>
public sealed record SignedDataPolicy(KeystoreReference OwnerCertificate, string VoucherTrustAnchors, bool Always);
