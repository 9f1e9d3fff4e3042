using Sztpd.Pki.Cms;

namespace Sztpd.Pki.Certificates;

/// <summary>
/// The truststore <c>cert-data</c> and bootstrap-server <c>trust-anchor</c> check of SZTPD: a degenerate CMS
/// holding exactly one self-signed root and a single chain of certificates issued down from it.
/// </summary>
public static class TrustAnchorValidator
{
    /// <summary>
    /// Returns null when acceptable, otherwise an SZTPD-phrased error sentence. <paramref name="nodePath"/>, when
    /// given, is appended as SZTPD does.
    /// </summary>
    public static string? Validate(byte[] cms, string? nodePath = null)
    {
        if (!CmsCertificates.TryDecode(cms, out var certificates, out var error))
        {
            return $"Parsing trust anchor certificate CMS structure failed{NodePath.For(nodePath)} ({error})";
        }

        try
        {
            var remaining = certificates.ToList();
            var roots = remaining.Where(CertificateFacts.IsSelfIssued).ToList();
            if (roots.Count == 0)
            {
                return "Trust anchor certificates must encode a root (self-signed) certificate" + NodePath.Colon(nodePath);
            }

            if (roots.Count > 1)
            {
                return "Trust anchor certificates must encode no more than one root (self-signed) certificate "
                    + $"({roots.Count} found){NodePath.Colon(nodePath)}";
            }

            var current = roots[0];
            remaining.Remove(current);
            while (remaining.Count > 0)
            {
                var issued = remaining.Where(c => DistinguishedNames.Equal(c.IssuerName, current.SubjectName)).ToList();
                var subject = DistinguishedNames.Display(current.SubjectName);
                if (issued.Count == 0)
                {
                    return "Trust anchor certificates must not encode superfluous certificates.  Discovered additional "
                        + $"certificates while looking for the issuer of \"{subject}\"{NodePath.Colon(nodePath)}";
                }

                if (issued.Count > 1)
                {
                    return "Trust anchor certificates must encode a single chain of certificates.  "
                        + $"Found {issued.Count} certificates issued by \"{subject}\"{NodePath.Colon(nodePath)}";
                }

                current = issued[0];
                remaining.Remove(current);
            }

            return null;
        }
        finally
        {
            CertificateFacts.DisposeAll(certificates);
        }
    }
}
