using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Core.Configuration;
using Sztpd.Pki.Cms;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// A device's TLS client certificate that sztpd issued (from its CSR, by a keystore CA key) and then revoked
/// (docs/certificates.md) is refused, whatever trust bag accepts it: sztpd does not wait for a relying party to fetch its
/// CRL. Only a certificate whose issuer name is a keystore CA's subject is looked up (one indexed read of the store), so
/// devices with their manufacturer's certificates cost nothing more.
/// </summary>
internal static class RevokedCertificates
{
    /// <summary>Per configuration revision's keystore: the names of its CA keys by their certificates' subject (raw DER, base64).</summary>
    private static readonly ConditionalWeakTable<Keystore, Dictionary<string, string[]>> Issuers = [];

    /// <summary>Why <paramref name="cert"/> is refused as revoked, or null.</summary>
    public static async Task<string?> RefusalAsync(DeviceScope scope, X509Certificate2 cert, CancellationToken ct = default)
    {
        var issuers = Issuers.GetValue(scope.Config.Keystore, Index);
        if (!issuers.TryGetValue(Convert.ToBase64String(cert.IssuerName.RawData), out var keys))
        {
            return null;
        }
        var serial = cert.SerialNumber.ToLowerInvariant();
        foreach (var key in keys)
        {
            if (await scope.Store.Certificates.FindAsync("", key, serial, ct).ConfigureAwait(false) is { Revoked: { } at } revoked)
            {
                return $"Client cert with serial number {serial}, issued by asymmetric-key \"{key}\", was revoked at {Datastore.RunningDatastore.Timestamp(at)} ({revoked.Reason}).";
            }
        }
        return null;
    }

    private static Dictionary<string, string[]> Index(Keystore keystore)
    {
        var names = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var key in keystore.Keys.Values)
        {
            foreach (var marked in key.CertificateAuthorities)
            {
                if (key.Certificates.GetValueOrDefault(marked) is not { } data)
                {
                    continue;
                }
                try
                {
                    // The CA's certificate and its issuers: a name that is not the key's finds no record of it.
                    foreach (var certificate in CmsCertificates.Decode(Convert.FromBase64String(data)))
                    {
                        var subject = Convert.ToBase64String(certificate.SubjectName.RawData);
                        certificate.Dispose();
                        if (!names.TryGetValue(subject, out var list))
                        {
                            names[subject] = list = [];
                        }
                        if (!list.Contains(key.Name))
                        {
                            list.Add(key.Name);
                        }
                    }
                }
                catch (Exception e) when (e is CryptographicException or FormatException or ArgumentOutOfRangeException)
                {
                    // Validation refuses such cert-data; nothing to index.
                }
            }
        }
        return names.ToDictionary(n => n.Key, n => n.Value.ToArray(), StringComparer.Ordinal);
    }
}
