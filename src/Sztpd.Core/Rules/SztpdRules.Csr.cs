using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Rules;

public sealed partial class SztpdRules
{
    private const string CertificateAuthority = "sztpd-ext:certificate-authority";

    /// <summary>A keystore certificate marked as a CA must hold a CA certificate for its key.</summary>
    private static void CheckCaCertificate(JsonObject config, string? keyName, JsonObject certificate, string path, List<RestconfError> errors)
    {
        var entry = ConfigurationMapper.Map(config).Keystore.Read(new KeystoreReference(keyName ?? "", (string?)certificate["name"] ?? ""), out var error);
        if (entry is null)
        {
            errors.Add(RestconfError.OperationFailed(error!, path));
            return;
        }
        using (entry.Key)
        {
            var constraints = entry.EndEntity.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            var usage = entry.EndEntity.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
            if (constraints?.CertificateAuthority != true || (usage is not null && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign)))
            {
                errors.Add(RestconfError.OperationFailed(
                    $"Certificate \"{(string?)certificate["name"]}\" is marked \"{CertificateAuthority}\" but is not a CA certificate (basicConstraints cA TRUE, keyCertSign).", path));
            }
        }
    }

    /// <summary>
    /// A key's <c>crl-distribution-point</c>: the key holds a CA certificate, and the URL is an absolute http or https URL
    /// whose path is where sztpd publishes that CA's CRL (<see cref="Certificates.CrlPath"/>).
    /// </summary>
    private void CheckCrlDistributionPoints(JsonObject config, List<RestconfError> errors)
    {
        foreach (var key in ConfigurationMapper.Map(config).Keystore.Keys.Values.Where(k => k.CrlDistributionPoint is not null))
        {
            var path = $"/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key={key.Name}/sztpd-ext:crl-distribution-point";
            var expected = Certificates.CrlPath.Of(Tenant, key.Name);
            if (key.CertificateAuthorities.Count != 1)
            {
                errors.Add(RestconfError.InvalidValue(
                    $"asymmetric-key \"{key.Name}\" has a crl-distribution-point but not exactly one certificate marked \"{CertificateAuthority}\" (it has {key.CertificateAuthorities.Count}): only a CA publishes a CRL.", path));
            }
            else if (!Uri.TryCreate(key.CrlDistributionPoint, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.AbsolutePath != expected)
            {
                errors.Add(RestconfError.InvalidValue(
                    $"The crl-distribution-point of asymmetric-key \"{key.Name}\" must be an http or https URL whose path is \"{expected}\", where sztpd publishes this CA's CRL; only its scheme, host and port are yours to choose.", path));
            }
        }
    }

    /// <summary>Why a device type's <c>csr</c> certificate authority is unusable: not marked as a CA in the keystore.</summary>
    private static string? CsrAuthorityError(RunningConfiguration config, DeviceType type)
    {
        if (type.Csr?.CertificateAuthority is not { } ca || !config.Keystore.Keys.TryGetValue(ca.Key, out var key) || !key.Certificates.ContainsKey(ca.Certificate))
        {
            return null;
        }
        return key.CertificateAuthorities.Contains(ca.Certificate)
            ? null
            : $"The CSR certificate authority \"{ca.Key}\"/\"{ca.Certificate}\" is not marked \"{CertificateAuthority}\" in the keystore.";
    }
}
