using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Certificates;

internal static class CertificateFacts
{
    /// <summary>True when basicConstraints is present with cA=TRUE.</summary>
    public static bool IsCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault()?.CertificateAuthority ?? false;

    /// <summary>True when subject equals issuer (SZTPD's test for "self-signed").</summary>
    public static bool IsSelfIssued(X509Certificate2 certificate) =>
        DistinguishedNames.Equal(certificate.SubjectName, certificate.IssuerName);

    public static void DisposeAll(X509Certificate2Collection certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
