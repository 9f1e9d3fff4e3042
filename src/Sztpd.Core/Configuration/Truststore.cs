using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Core.Configuration;

/// <summary>The truststore's certificate bags: each certificate's <c>cert-data</c>, decoded on first use (once per configuration revision).</summary>
public sealed class Truststore(IReadOnlyDictionary<string, IReadOnlyList<TrustCertificate>> bags)
{
    /// <summary>The certificates of bag <paramref name="bagName"/> (only of its entry <paramref name="certificateName"/> when given; empty when absent).</summary>
    public X509Certificate2Collection Bag(string? bagName, string? certificateName = null)
    {
        var all = new X509Certificate2Collection();
        if (bagName is not null && bags.TryGetValue(bagName, out var bag))
        {
            foreach (var certificate in bag.Where(c => certificateName is null || c.Name == certificateName))
            {
                all.AddRange(certificate.Certificates);
            }
        }
        return all;
    }

    /// <summary>Every bag by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TrustCertificate>> Bags => bags;

    /// <summary>The certificates a <c>local-truststore-reference</c> names.</summary>
    public X509Certificate2Collection Of(TrustReference? reference) => Bag(reference?.Bag, reference?.Certificate);
}
