using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Keys;

namespace Sztpd.Pki.Certificates;

/// <summary>
/// The keystore <c>certificate/cert-data</c> create/change check of SZTPD: a degenerate CMS holding exactly one
/// end-entity certificate plus only the CA certificates that chain up from it.
/// </summary>
public static class EndEntityCertificateValidator
{
    private const string Superfluous = "End entity certificates must not encode superfluous certificates.  ";

    /// <summary>
    /// Returns null when acceptable, otherwise an SZTPD-phrased error sentence. When <paramref name="publicKeySpki"/>
    /// is given, the end-entity certificate's key must equal it. <paramref name="nodePath"/>, when given, is appended
    /// as SZTPD does.
    /// </summary>
    public static string? Validate(byte[] cms, byte[]? publicKeySpki, string? nodePath = null)
    {
        if (!CmsCertificates.TryDecode(cms, out var certificates, out var error))
        {
            return $"Parsing end entity certificate CMS structure failed{NodePath.For(nodePath)} ({error})";
        }

        try
        {
            var remaining = certificates.ToList();
            var endEntities = remaining.Where(c => !CertificateFacts.IsCa(c)).ToList();
            if (endEntities.Count == 0)
            {
                return "End entity certificates must encode a certificate having \"basic\" constraint \"ca\" with value \"False\""
                    + NodePath.Colon(nodePath);
            }

            if (endEntities.Count > 1)
            {
                return "End entity certificates must encode no more than one certificate having \"basic\" constraint \"ca\" "
                    + $"with value \"False\" ({endEntities.Count} found){NodePath.Colon(nodePath)}";
            }

            var leaf = endEntities[0];
            remaining.Remove(leaf);
            var chainError = CheckChain(leaf, remaining, nodePath);
            if (chainError is not null)
            {
                return chainError;
            }

            return publicKeySpki is null || PublicKeys.CertificateMatches(leaf, publicKeySpki)
                ? null
                : "End entity certificates must encode a \"leaf\" certificate having a public key matching the asymmetric "
                    + "key's public key" + NodePath.Colon(nodePath);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or PlatformNotSupportedException)
        {
            // A certificate's extensions and key are decoded when first read: a corrupted one throws here.
            return $"Parsing end entity certificate CMS structure failed{NodePath.For(nodePath)} ({e.Message})";
        }
        finally
        {
            CertificateFacts.DisposeAll(certificates);
        }
    }

    // Walks from the leaf to its issuer, then that one's issuer, until every certificate is used.
    private static string? CheckChain(X509Certificate2 leaf, List<X509Certificate2> remaining, string? nodePath)
    {
        var current = leaf;
        while (remaining.Count > 0)
        {
            var issuers = remaining.Where(c => DistinguishedNames.Equal(c.SubjectName, current.IssuerName)).ToList();
            if (issuers.Count == 0)
            {
                return Superfluous + "Found certificates unconnected to chain from the \"leaf\" certificate while looking for \""
                    + DistinguishedNames.Display(current.SubjectName) + "\"" + NodePath.Colon(nodePath);
            }

            if (issuers.Count > 1)
            {
                return Superfluous + "CMS encodes multiple certificates having the same \"subject\" value ("
                    + DistinguishedNames.Display(current.IssuerName) + ")" + NodePath.Colon(nodePath);
            }

            current = issuers[0];
            remaining.Remove(current);
        }

        return null;
    }
}
