using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Vouchers;

/// <summary>Checks one voucher signature and that its signer chains to the manufacturer trust anchors.</summary>
internal static class VoucherSignerValidator
{
    public static string? Validate(
        SignedCms signedData, SignerInfo signer, X509Certificate2Collection manufacturerTrustAnchors, DateTimeOffset now)
    {
        var certificate = signer.Certificate ?? manufacturerTrustAnchors.FirstOrDefault(a => SignatureVerifies(signer, a));
        if (certificate is null)
        {
            return "The ownership voucher's signer certificate is neither in the voucher nor a manufacturer trust anchor.";
        }

        if (!SignatureVerifies(signer, certificate))
        {
            return "The ownership voucher's signature does not verify.";
        }

        if (manufacturerTrustAnchors.Count == 0)
        {
            return "The ownership voucher cannot be authenticated: no manufacturer trust anchors are configured.";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(manufacturerTrustAnchors);
        chain.ChainPolicy.ExtraStore.AddRange(signedData.Certificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (chain.Build(certificate))
        {
            return null;
        }

        var problems = string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
        return $"The ownership voucher's signer \"{certificate.Subject}\" does not chain to the manufacturer trust anchors "
            + $"at {YangDateAndTime.Format(now)} ({problems}).";
    }

    private static bool SignatureVerifies(SignerInfo signer, X509Certificate2 certificate)
    {
        try
        {
            signer.CheckSignature([certificate], verifySignatureOnly: true);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
