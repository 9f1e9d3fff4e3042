using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Restconf;
using Sztpd.Pki.Certificates;
using Sztpd.Pki.Keys;

namespace Sztpd.Core.Certificates;

/// <summary>
/// Managed keys whose certificate an ACME server issues (<c>managed/acme</c>, docs/certificates.md). Ordering needs the
/// network, so it is not part of a commit: a commit gives a new key a self-signed placeholder; the ACME worker orders
/// what is due (<see cref="AcmeDue"/>) outside the write lock, and the commit of its results installs them
/// (<see cref="Renewal.Acme"/>) if the key still holds what the order replaces.
/// </summary>
public static partial class ManagedKeys
{
    /// <summary>What an ACME order issued for a key: its private key (PKCS #8, base64) and cert-data, to replace <paramref name="Replaces"/>.</summary>
    public sealed record AcmeIssued(string? Replaces, string PrivateKey, string CertData);

    /// <summary>An order the ACME worker is to place: for managed key <paramref name="Key"/>, replacing its cert-data <paramref name="Replaces"/>.</summary>
    public sealed record AcmeOrder(string Key, string Account, string? Replaces, string Subject, IReadOnlyList<string> DnsNames, IReadOnlyList<string> IpAddresses,
        string KeyAlgorithm, string Profile);

    /// <summary>Who an ACME-issued certificate's record names as its issuer.</summary>
    public static string AcmeIssuer(string account) => $"acme-account \"{account}\"";

    /// <summary>The ACME account a record's <paramref name="issuer"/> names (<see cref="AcmeIssuer"/>), or null.</summary>
    public static string? AcmeAccountOf(string issuer) =>
        issuer.StartsWith("acme-account \"", StringComparison.Ordinal) && issuer.EndsWith('"') && issuer.Length > 15 ? issuer[14..^1] : null;

    /// <summary>
    /// The ACME orders due in <paramref name="config"/> at <paramref name="now"/>: keys with a placeholder, with a
    /// certificate that no longer has the declared names or key algorithm, due for renewal, or named in <paramref name="force"/>.
    /// </summary>
    public static IReadOnlyList<AcmeOrder> AcmeDue(JsonObject config, DateTimeOffset now, IReadOnlySet<string> force)
    {
        ArgumentNullException.ThrowIfNull(force);
        var due = new List<AcmeOrder>();
        foreach (var (name, key) in Entries(config))
        {
            if (ManagedDeclaration.Of(key) is not { Acme: { } account } declaration || !(force.Contains(name) || AcmeDueAt(key, name, declaration) <= now))
            {
                continue;
            }
            due.Add(new AcmeOrder(name, account, CertData(key, name), declaration.Subject, declaration.DnsNameList, declaration.IpAddressList, declaration.KeyAlgorithm,
                declaration.Profile));
        }
        return due;
    }

    /// <summary>When the ACME key's certificate is due: at once for a placeholder or one that says something else, else at renews-at.</summary>
    private static DateTimeOffset AcmeDueAt(JsonObject key, string name, ManagedDeclaration declaration)
    {
        using var certificate = EndEntity(key, name);
        return certificate is null ? DateTimeOffset.MinValue
            : IsPlaceholder(certificate) || !Says(certificate, declaration) ? new DateTimeOffset(certificate.NotBefore.ToUniversalTime())
            : RenewsAt(certificate, declaration);
    }

    /// <summary>Whether an ACME key's certificate is the self-signed placeholder its first order replaces.</summary>
    private static bool IsPlaceholder(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    /// <summary>Whether <paramref name="certificate"/> has the declared names and key algorithm (an ACME server may rewrite the subject).</summary>
    private static bool Says(X509Certificate2 certificate, ManagedDeclaration declaration)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var dns = names?.EnumerateDnsNames().Order(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
        var ips = names?.EnumerateIPAddresses().Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList() ?? [];
        return dns.SequenceEqual(declaration.DnsNameList.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase)
            && ips.SequenceEqual(declaration.IpAddressList.Select(a => IPAddress.Parse(a).ToString()).Order(StringComparer.Ordinal))
            && KeyAlgorithmOf(certificate) == declaration.KeyAlgorithm;
    }

    private static string? KeyAlgorithmOf(X509Certificate2 certificate)
    {
        using var ec = certificate.GetECDsaPublicKey();
        if (ec is not null)
        {
            return $"ec-p{ec.KeySize}";
        }
        using var rsa = certificate.GetRSAPublicKey();
        return rsa is null ? null : $"rsa-{rsa.KeySize}";
    }

    private sealed partial class Pass
    {
        /// <summary>
        /// An ACME key: refused what an ACME server cannot do; a placeholder when it has no certificate; an order's
        /// result installed when it replaces what the key holds; else kept.
        /// </summary>
        private void VisitAcme(JsonObject key, string name, ManagedDeclaration declaration, JsonObject? previous)
        {
            var member = $"{Path}{name}/{ManagedDeclaration.Member}";
            string? refusal = declaration.Profile is not ("tls-server" or "tls-client") ? "profile"
                : declaration.LifetimeDeclared ? "lifetime"
                : key[ManagedDeclaration.Member]![Rollover] is not null ? Rollover
                : null;
            if (refusal is not null)
            {
                errors.Add(RestconfError.InvalidValue(refusal switch
                {
                    "profile" => $"asymmetric-key \"{name}\": an ACME server issues TLS certificates: profile tls-server or tls-client.",
                    "lifetime" => $"asymmetric-key \"{name}\": the ACME server decides the lifetime of what it issues; leave lifetime out.",
                    _ => $"asymmetric-key \"{name}\" is no certificate-authority: only a CA's key is rolled over (a leaf gets a new key at each renewal).",
                }, $"{member}/{refusal}"));
                return;
            }
            if (declaration.Template(out var error, out var leaf) is null)
            {
                errors.Add(RestconfError.InvalidValue($"asymmetric-key \"{name}\" cannot be issued its certificate: {error}", $"{member}/{leaf}"));
                return;
            }
            var held = previous is null ? null : CertData(previous, name);
            if (held is null || previous!["cleartext-private-key"] is null)
            {
                using var placeholder = CertificateIssuer.GenerateKey(declaration.KeyAlgorithm);
                Install(key, name, isCa: false, placeholder, Certify(declaration, placeholder, null));
            }
            else if (renew?.Acme?.GetValueOrDefault(name) is { } issued && issued.Replaces == held)
            {
                var decoded = KeystoreCertificate.Decode(new KeystoreReference(name, name), CryptoTypesFormats.OneAsymmetricKey, issued.PrivateKey, issued.CertData, out var decodeError);
                using var installed = Disposable(decoded);
                if (installed.Value is null)
                {
                    Failures.Add(new Failure(name, $"the ACME server's certificate cannot be installed: {decodeError}"));
                    return;
                }
                Install(key, name, isCa: false, installed.Value.Key, issued.CertData);
                if (RenewsAt(installed.Value.EndEntity, declaration) <= now)
                {
                    // Installed (better than what it replaces), but not renewed again at once: tried again in an hour.
                    Failures.Add(new Failure(name, $"the ACME server's certificate expires at {Datastore.RunningDatastore.Timestamp(installed.Value.EndEntity.NotAfter.ToUniversalTime())}, "
                        + $"within renew-before ({declaration.RenewBeforeDays} days): lower renew-before."));
                }
            }
        }
    }
}
