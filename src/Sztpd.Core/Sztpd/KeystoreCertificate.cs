using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Keys;

namespace Sztpd.Core.Sztpd;

/// <summary>
/// A keystore certificate with its key: the certificate of <c>cert-data</c> for that key, the other certificates of
/// <c>cert-data</c> ordered from its issuer upwards, and the private key.
/// </summary>
public sealed record KeystoreCertificate(X509Certificate2 EndEntity, IReadOnlyList<X509Certificate2> Issuers, AsymmetricAlgorithm Key)
{
    /// <summary>Reads entry <paramref name="certificateName"/> of key <paramref name="keyName"/>, or says why it cannot.</summary>
    public static KeystoreCertificate? Read(JsonObject config, string keyName, string certificateName, out string? error)
    {
        var key = (config["wn-sztpd-1:keystore"]?["asymmetric-keys"]?["asymmetric-key"] as JsonArray ?? [])
            .OfType<JsonObject>().FirstOrDefault(k => (string?)k["name"] == keyName);
        var data = (key?["certificates"]?["certificate"] as JsonArray ?? [])
            .OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == certificateName);
        if (key?["cleartext-private-key"] is null || data is null)
        {
            error = $"The keystore has no certificate \"{certificateName}\" with a private key under asymmetric-key \"{keyName}\".";
            return null;
        }
        try
        {
            var certificates = CmsCertificates.Decode(Convert.FromBase64String((string)data["cert-data"]!));
            var der = Convert.FromBase64String((string)key["cleartext-private-key"]!);
            error = "it holds no certificates";
            foreach (var candidate in certificates)
            {
                if (PrivateKeys.ReadFor(candidate, (string?)key["private-key-format"] ?? "", der, out error) is { } privateKey)
                {
                    return new KeystoreCertificate(candidate, IssuersOf(candidate, certificates), privateKey);
                }
            }
            error = $"Certificate \"{certificateName}\" holds no certificate for the private key of asymmetric-key \"{keyName}\" ({error}).";
            return null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            error = $"Certificate \"{certificateName}\" of asymmetric-key \"{keyName}\" cannot be read: {e.Message}";
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
