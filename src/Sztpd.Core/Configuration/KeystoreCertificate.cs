using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Keys;

namespace Sztpd.Core.Configuration;

/// <summary>
/// A keystore certificate with its key: the certificate of <c>cert-data</c> for that key, the other certificates of
/// <c>cert-data</c> ordered from its issuer upwards, and the private key.
/// </summary>
public sealed record KeystoreCertificate(X509Certificate2 EndEntity, IReadOnlyList<X509Certificate2> Issuers, AsymmetricAlgorithm Key)
{
    /// <summary>Decodes <paramref name="certData"/> (base64 CMS) and the private key (base64 DER in <paramref name="privateKeyFormat"/>), or says why it cannot.</summary>
    internal static KeystoreCertificate? Decode(KeystoreReference reference, string privateKeyFormat, string privateKey, string certData, out string? error)
    {
        try
        {
            var certificates = CmsCertificates.Decode(Convert.FromBase64String(certData));
            var der = Convert.FromBase64String(privateKey);
            error = "it holds no certificates";
            foreach (var candidate in certificates)
            {
                if (PrivateKeys.ReadFor(candidate, privateKeyFormat, der, out error) is { } key)
                {
                    return new KeystoreCertificate(candidate, IssuersOf(candidate, certificates), key);
                }
            }
            error = $"Certificate \"{reference.Certificate}\" holds no certificate for the private key of asymmetric-key \"{reference.Key}\" ({error}).";
            return null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            error = $"Certificate \"{reference.Certificate}\" of asymmetric-key \"{reference.Key}\" cannot be read: {e.Message}";
            return null;
        }
    }

    /// <summary>The issuer of <paramref name="leaf"/>, its issuer, and so on; then any certificates left over.</summary>
    private static List<X509Certificate2> IssuersOf(X509Certificate2 leaf, X509Certificate2Collection all)
    {
        var rest = all.Where(c => !ReferenceEquals(c, leaf)).ToList();
        var ordered = new List<X509Certificate2>();
        for (var current = leaf; current.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData) is false;)
        {
            var issuer = rest.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData));
            if (issuer is null)
            {
                break;
            }
            rest.Remove(issuer);
            ordered.Add(issuer);
            current = issuer;
        }
        ordered.AddRange(rest);
        return ordered;
    }
}
