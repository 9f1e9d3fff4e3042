using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Restconf;
using Sztpd.Core.Storage;
using Sztpd.Pki.Certificates;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Keys;

namespace Sztpd.Core.Certificates;

/// <summary>
/// The keys of the keystore that sztpd manages (<c>sztpd-ext:managed</c>, docs/certificates.md): their key and
/// certificate are written into the configuration by the commit that needs them (the key has none, its declaration
/// or its issuer's certificate changed) and, when asked, by the renewal of those due. Issuers come before what they
/// issue, so a renewed CA's certificates are reissued in the same commit.
/// </summary>
public static partial class ManagedKeys
{
    private const string Path = "/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=";
    private const string Marker = "sztpd-ext:certificate-authority";
    private const string CrlDistributionPoint = "sztpd-ext:crl-distribution-point";
    private static readonly string[] Material = ["public-key-format", "public-key", "private-key-format", "cleartext-private-key", "certificates"];

    /// <summary>A renewal that was due (or asked for) and failed: the key, and why.</summary>
    public sealed record Failure(string Key, string Reason);

    /// <summary>A renewal pass: what is due, the keys in <paramref name="Now"/> whether due or not, and what ACME orders issued (<paramref name="Acme"/>, by key).</summary>
    public sealed record Renewal(IReadOnlySet<string> Now, IReadOnlyDictionary<string, AcmeIssued>? Acme = null);

    /// <summary>
    /// Completes <paramref name="config"/> (validated, to be committed over <paramref name="old"/>) in place. What the
    /// edit requires and cannot be issued is an error; with <paramref name="renew"/>, what is due (and what it names) is
    /// renewed, and a renewal that fails keeps the certificate in force and is returned instead.
    /// </summary>
    public static IReadOnlyList<Failure> Complete(JsonObject config, JsonObject old, DateTimeOffset now, Renewal? renew, List<RestconfError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var keys = Entries(config);
        var before = Entries(old);
        if (!keys.Values.Concat(before.Values).Any(k => k[ManagedDeclaration.Member] is not null))
        {
            return [];
        }
        var pass = new Pass(keys, before, now, renew, errors);
        foreach (var name in keys.Keys)
        {
            pass.Visit(name);
        }
        if (errors.Count == 0)
        {
            Publish(config, old, keys, before, errors);
        }
        return pass.Failures;
    }

    /// <summary>
    /// When the next managed certificate of <paramref name="config"/> is due for renewal, a rollover switches or a previous
    /// certificate expires (and is no longer published); null: none is managed.
    /// </summary>
    public static DateTimeOffset? NextRenewal(JsonObject config)
    {
        var times = new List<DateTimeOffset>();
        foreach (var (name, key) in Entries(config))
        {
            if (ManagedDeclaration.Of(key) is not { } declaration)
            {
                continue;
            }
            if (declaration.Acme is not null)
            {
                times.Add(AcmeDueAt(key, name, declaration));
            }
            else if (EndEntity(key, name) is { } certificate)
            {
                using (certificate)
                {
                    times.Add(RenewsAt(certificate, declaration));
                }
            }
            if (SwitchAt(key) is { } at)
            {
                times.Add(at);
            }
            if ((string?)key[ManagedDeclaration.Member]![PreviousCertData] is { } previous)
            {
                times.Add(NotAfter(previous));
            }
        }
        return times.Count == 0 ? null : times.Min();
    }

    /// <summary>
    /// The managed certificates <paramref name="config"/> holds and <paramref name="old"/> did not: each one's
    /// notification record (<c>certificate-issued</c>) and its record for the store of issued certificates.
    /// </summary>
    public static IEnumerable<(JsonObject Notice, CertificateAppend Record)> Issued(JsonObject config, JsonObject old, DateTimeOffset now)
    {
        var before = Entries(old);
        foreach (var (name, key) in Entries(config))
        {
            if (ManagedDeclaration.Of(key) is not { } declaration)
            {
                continue;
            }
            before.TryGetValue(name, out var previous);
            var wasNext = (string?)previous?[ManagedDeclaration.Member]?[Rollover]?["cert-data"];
            // The certificate a rollover switched to was recorded when it was made.
            if (CertData(key, name) is { } data && data != (previous is null ? null : CertData(previous, name)) && data != wasNext)
            {
                // An ACME key's placeholder is not recorded: nobody issued it.
                using var certificate = declaration.Acme is null ? null : EndEntity(key, name);
                if (certificate is null || !IsPlaceholder(certificate))
                {
                    yield return Record(name, declaration.Acme is { } account ? AcmeIssuer(account) : declaration.LocalCa ?? name, data, "", now);
                }
            }
            if ((string?)key[ManagedDeclaration.Member]?[Rollover]?["cert-data"] is { } next && next != wasNext)
            {
                yield return Record(name, declaration.LocalCa ?? name, next, $" next certificate, in force from {(string?)key[ManagedDeclaration.Member]![Rollover]!["switch-at"]}", now);
            }
        }
    }

    /// <summary>The notice and record of the certificate of cert-data <paramref name="data"/> (its first), issued to managed key <paramref name="name"/> by <paramref name="issuer"/>.</summary>
    private static (JsonObject Notice, CertificateAppend Record) Record(string name, string issuer, string data, string what, DateTimeOffset now)
    {
        var all = CmsCertificates.Decode(Convert.FromBase64String(data));
        try
        {
            var certificate = all[0];
            var serial = certificate.SerialNumber.ToLowerInvariant();
            var notice = new JsonObject
            {
                ["timestamp"] = Datastore.RunningDatastore.Timestamp(now),
                ["event"] = "certificate-issued",
                ["subject"] = $"keystore asymmetric-key \"{name}\"{what} ({certificate.Subject}, serial number {serial})",
                ["expires"] = Datastore.RunningDatastore.Timestamp(certificate.NotAfter.ToUniversalTime()),
            };
            return (notice, new CertificateAppend("", issuer, serial, Holder(name), certificate.Subject,
                certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime(), Convert.ToBase64String(certificate.RawData)));
        }
        finally
        {
            foreach (var certificate in all)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>The serial number (lowercase hexadecimal) of each managed key's certificate in force, by key name.</summary>
    public static Dictionary<string, string> InForceSerials(JsonObject config)
    {
        var serials = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, key) in Entries(config))
        {
            if (ManagedDeclaration.Of(key) is not null && EndEntity(key, name) is { } certificate)
            {
                using (certificate)
                {
                    serials[name] = certificate.SerialNumber.ToLowerInvariant();
                }
            }
        }
        return serials;
    }

    /// <summary>Who holds a managed key's certificate, as the store of issued certificates names it.</summary>
    public static string Holder(string key) => $"asymmetric-key \"{key}\"";

    /// <summary>The managed keys whose certificate <paramref name="config"/> holds and <paramref name="old"/> did not.</summary>
    public static IReadOnlyList<string> Changed(JsonObject config, JsonObject old)
    {
        var before = Entries(old);
        return [.. Entries(config).Where(k => ManagedDeclaration.Of(k.Value) is not null && CertData(k.Value, k.Key) is { } data
            && !(before.TryGetValue(k.Key, out var previous) && CertData(previous, k.Key) == data)).Select(k => k.Key)];
    }

    /// <summary>Adds to each managed key of an operational view its certificate in force (<c>managed/certificate</c>) and what uses it.</summary>
    public static void AddState(JsonObject view, RunningConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var entries = Entries(view);
        foreach (var (name, key) in entries)
        {
            if (ManagedDeclaration.Of(key) is { } declaration && EndEntity(key, name) is { } certificate)
            {
                using var owned = certificate;
                key[ManagedDeclaration.Member]!["certificate"] = new JsonObject
                {
                    ["serial-number"] = certificate.SerialNumber.ToLowerInvariant(),
                    ["issuer"] = certificate.Issuer,
                    ["not-before"] = Datastore.RunningDatastore.Timestamp(certificate.NotBefore.ToUniversalTime()),
                    ["not-after"] = Datastore.RunningDatastore.Timestamp(certificate.NotAfter.ToUniversalTime()),
                    ["renews-at"] = Datastore.RunningDatastore.Timestamp(RenewsAt(certificate, declaration)),
                    ["sha256-fingerprint"] = certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(),
                    ["used-by"] = new JsonArray([.. UsesOf(name, config, entries).Select(u => (JsonNode)u)]),
                };
            }
        }
    }

    /// <summary>What uses keystore key <paramref name="name"/>'s certificate: listeners, signers, CSR issuers, webhooks and the managed keys it issues.</summary>
    private static IEnumerable<string> UsesOf(string name, RunningConfiguration config, Dictionary<string, JsonObject> keys)
    {
        foreach (var endpoint in config.Listeners.Where(e => e.ServerIdentity?.Key == name))
        {
            yield return $"endpoint \"{endpoint.Name}\"";
        }
        foreach (var type in config.DeviceTypes.Values)
        {
            if (type.SignedData?.OwnerCertificate.Key == name)
            {
                yield return $"device-type \"{type.Name}\" signed-data";
            }
            if (type.Csr?.CertificateAuthority.Key == name)
            {
                yield return $"device-type \"{type.Name}\" csr";
            }
        }
        foreach (var callout in config.DynamicCallouts.Values)
        {
            foreach (var webhook in callout.Webhooks.Where(w => w.ClientIdentity?.Key == name))
            {
                yield return $"dynamic-callout \"{callout.Name}\" webhook \"{webhook.Name}\"";
            }
        }
        foreach (var issued in keys.Where(k => ManagedDeclaration.Of(k.Value)?.LocalCa == name).Select(k => k.Key))
        {
            yield return Holder(issued);
        }
    }

    private static DateTimeOffset RenewsAt(X509Certificate2 certificate, ManagedDeclaration declaration) =>
        new DateTimeOffset(certificate.NotAfter.ToUniversalTime()) - declaration.RenewBefore;

    private static Dictionary<string, JsonObject> Entries(JsonObject config) =>
        (config["wn-sztpd-1:keystore"]?["asymmetric-keys"]?["asymmetric-key"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(k => (string)k["name"]!, StringComparer.Ordinal);

    /// <summary>The certificate (named after the key) for the public key that <paramref name="key"/> holds, if any.</summary>
    private static X509Certificate2? EndEntity(JsonObject key, string name)
    {
        try
        {
            if ((string?)key["public-key"] is not { } spki || CertData(key, name) is not { } data)
            {
                return null;
            }
            var all = CmsCertificates.Decode(Convert.FromBase64String(data));
            var publicKey = Convert.FromBase64String(spki);
            var found = all.FirstOrDefault(c => c.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(publicKey));
            foreach (var other in all.Where(c => !ReferenceEquals(c, found)))
            {
                other.Dispose();
            }
            return found;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private static string? CertData(JsonObject key, string name) =>
        (string?)(key["certificates"]?["certificate"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == name)?["cert-data"];

    /// <summary>The certificate (named after the key) and private key that <paramref name="key"/> holds, if any.</summary>
    private static KeystoreCertificate? InForce(JsonObject? key, string name) =>
        key is not null && (string?)key["private-key-format"] is { } format && (string?)key["cleartext-private-key"] is { } privateKey
            && CertData(key, name) is { } data
            ? KeystoreCertificate.Decode(new KeystoreReference(name, name), format, privateKey, data, out _)
            : null;

    /// <summary>One completion: each key visited once, its issuer first.</summary>
    private sealed partial class Pass(Dictionary<string, JsonObject> keys, Dictionary<string, JsonObject> before, DateTimeOffset now, Renewal? renew, List<RestconfError> errors)
    {
        private readonly HashSet<string> _done = new(StringComparer.Ordinal);
        private readonly HashSet<string> _visiting = new(StringComparer.Ordinal);

        public List<Failure> Failures { get; } = [];

        public void Visit(string name)
        {
            if (_done.Contains(name) || !keys.TryGetValue(name, out var key) || ManagedDeclaration.Of(key) is not { } declaration)
            {
                return;
            }
            var path = Path + name;
            if (!_visiting.Add(name))
            {
                errors.Add(RestconfError.InvalidValue($"The local-ca issuers of asymmetric-key \"{name}\" lead back to it.", $"{path}/{ManagedDeclaration.Member}/local-ca"));
                return;
            }
            if (declaration.LocalCa is { } ca)
            {
                Visit(ca);
            }
            _visiting.Remove(name);
            _done.Add(name);
            before.TryGetValue(name, out var previous);
            // What sztpd wrote is kept when the edit left it out; a reissue below overwrites it.
            if (!Material.All(m => KeepLeaf(key, previous, m, name, path)))
            {
                return;
            }
            if (declaration.RenewBeforeDays >= declaration.LifetimeDays)
            {
                errors.Add(RestconfError.InvalidValue(
                    $"renew-before ({declaration.RenewBeforeDays} days) must be less than the lifetime ({declaration.LifetimeDays} days).", $"{path}/{ManagedDeclaration.Member}/renew-before"));
                return;
            }
            if (!KeepWritten(key, name, previous))
            {
                return;
            }
            if (declaration.Acme is not null)
            {
                VisitAcme(key, name, declaration, previous);
                return;
            }
            string? caError = null;
            var issuer = declaration.LocalCa is { } caName ? Authority(caName, out caError) : null;
            using var issuerScope = Disposable(issuer);
            var previousDeclaration = previous is null ? null : ManagedDeclaration.Of(previous);
            if (InForceNow(key, name, declaration, previous, previousDeclaration, issuer, caError))
            {
                RollOver(key, name, declaration, previous, previousDeclaration, issuer, caError);
            }
        }

        /// <summary>Keeps, issues or renews the certificate in force; false when that failed (an error, or a renewal failure).</summary>
        private bool InForceNow(JsonObject key, string name, ManagedDeclaration declaration, JsonObject? previous, ManagedDeclaration? previousDeclaration,
            KeystoreCertificate? issuer, string? caError)
        {
            using var current = Disposable(InForce(previous, name));
            // A new lifetime or renew-before applies from the next renewal; what the certificate says needs a new one now.
            var required = current.Value is null || previousDeclaration?.Certifies != declaration.Certifies
                || (issuer is not null && (current.Value.Issuers.Count > 0 ? current.Value.Issuers[0].Thumbprint : null) != issuer.EndEntity.Thumbprint);
            // A key that switches to the next one of its rollover now is not renewed first.
            var due = !required && renew is not null && !Switching(key)
                && (renew.Now.Contains(name) || now >= RenewsAt(current.Value!.EndEntity, declaration));
            if (!required && !due)
            {
                return true;
            }
            if (Check(declaration, issuer, caError, current.Value, due, out var leaf) is not { } failure)
            {
                Issue(key, name, declaration, issuer, current.Value, previousDeclaration);
                return true;
            }
            if (renew is not null && current.Value is not null)
            {
                Failures.Add(new Failure(name, failure));
                return true;
            }
            errors.Add(RestconfError.InvalidValue($"asymmetric-key \"{name}\" cannot be issued its certificate: {failure}",
                leaf is null ? Path + name : $"{Path}{name}/{ManagedDeclaration.Member}/{leaf}"));
            return false;
        }

        /// <summary>Why the certificate cannot be issued now, and the leaf to blame; null when it can.</summary>
        private string? Check(ManagedDeclaration declaration, KeystoreCertificate? issuer, string? issuerError, KeystoreCertificate? current, bool due, out string? leaf)
        {
            leaf = null;
            if (declaration.LocalCa is null && !declaration.IsCa)
            {
                leaf = "self-signed";
                return "only a certificate-authority may be self-signed; name its issuer in local-ca.";
            }
            if (declaration.LocalCa is { } ca)
            {
                if (issuer is null)
                {
                    leaf = "local-ca";
                    return issuerError;
                }
                if (now >= issuer.EndEntity.NotAfter.ToUniversalTime())
                {
                    leaf = "local-ca";
                    return $"the certificate of local-ca \"{ca}\" expired at {Datastore.RunningDatastore.Timestamp(issuer.EndEntity.NotAfter.ToUniversalTime())}.";
                }
                if (due && issuer.EndEntity.NotAfter <= current!.EndEntity.NotAfter)
                {
                    return $"the certificate of local-ca \"{ca}\" expires at {Datastore.RunningDatastore.Timestamp(issuer.EndEntity.NotAfter.ToUniversalTime())}, no later than the certificate in force: renew local-ca \"{ca}\" first.";
                }
            }
            return declaration.Template(out var error, out leaf) is null ? error : null;
        }

        /// <summary>Issues and writes the key's material; returns why it could not.</summary>
        private void Issue(JsonObject key, string name, ManagedDeclaration declaration, KeystoreCertificate? issuer, KeystoreCertificate? current, ManagedDeclaration? previous)
        {
            // A CA keeps its key through renewals (what it issued stays valid); a new algorithm is a new key.
            var reuse = declaration.IsCa && current is not null && previous?.KeyAlgorithm == declaration.KeyAlgorithm;
            using var generated = reuse ? null : CertificateIssuer.GenerateKey(declaration.KeyAlgorithm);
            var privateKey = generated ?? current!.Key;
            Install(key, name, declaration.IsCa, privateKey, Certify(declaration, privateKey, issuer));
        }

        /// <summary>A certificate for <paramref name="privateKey"/> as <paramref name="declaration"/> says, issued now, as cert-data (with its issuers).</summary>
        private string Certify(ManagedDeclaration declaration, AsymmetricAlgorithm privateKey, KeystoreCertificate? issuer)
        {
            var notAfter = now + declaration.Lifetime;
            if (issuer is not null && issuer.EndEntity.NotAfter.ToUniversalTime() < notAfter)
            {
                notAfter = issuer.EndEntity.NotAfter.ToUniversalTime();
            }
            var crlUrl = declaration.LocalCa is { } ca ? (string?)keys[ca][CrlDistributionPoint] : null;
            using var certificate = CertificateIssuer.Issue(declaration.Template(out _, out _)!, privateKey, issuer?.EndEntity, issuer?.Key ?? privateKey,
                now.AddMinutes(-5), notAfter, crlUrl);
            return Convert.ToBase64String(CmsCertificates.CreateDegenerate(issuer is null ? [certificate] : [certificate, issuer.EndEntity, .. issuer.Issuers]));
        }

        /// <summary>Writes <paramref name="privateKey"/> and its certificate (named after the key) as the key's material.</summary>
        private static void Install(JsonObject key, string name, bool isCa, AsymmetricAlgorithm privateKey, string certData)
        {
            var (format, der) = privateKey is ECDsa ec
                ? (CryptoTypesFormats.EcPrivateKey, ec.ExportECPrivateKey())
                : (CryptoTypesFormats.RsaPrivateKey, ((RSA)privateKey).ExportRSAPrivateKey());
            var entry = new JsonObject { ["name"] = name, ["cert-data"] = certData };
            if (isCa)
            {
                entry[Marker] = new JsonArray((JsonNode?)null);
            }
            key["public-key-format"] = CryptoTypesFormats.SubjectPublicKeyInfo;
            key["public-key"] = Convert.ToBase64String(privateKey.ExportSubjectPublicKeyInfo());
            key["private-key-format"] = format;
            key["cleartext-private-key"] = Convert.ToBase64String(der);
            key["certificates"] = new JsonObject { ["certificate"] = new JsonArray(entry) };
        }

        /// <summary>The CA certificate of local-ca <paramref name="name"/> with its key, or null with why.</summary>
        private KeystoreCertificate? Authority(string name, out string? error)
        {
            error = null;
            if (!keys.TryGetValue(name, out var key))
            {
                error = $"the keystore has no asymmetric-key \"{name}\".";
                return null;
            }
            var marked = (key["certificates"]?["certificate"] as JsonArray ?? []).OfType<JsonObject>().Where(c => c[Marker] is not null).ToList();
            if (marked.Count != 1 || (string?)key["private-key-format"] is not { } format || (string?)key["cleartext-private-key"] is not { } privateKey)
            {
                error = $"local-ca \"{name}\" must hold a private key and exactly one certificate marked \"{Marker}\" (it holds {marked.Count}).";
                return null;
            }
            return KeystoreCertificate.Decode(new KeystoreReference(name, (string)marked[0]["name"]!), format, privateKey, (string)marked[0]["cert-data"]!, out error);
        }
    }

    private static Owned Disposable(KeystoreCertificate? certificate) => new(certificate);

    /// <summary>Disposes a decoded keystore certificate's key and certificates.</summary>
    private readonly struct Owned(KeystoreCertificate? value) : IDisposable
    {
        public KeystoreCertificate? Value => value;

        public void Dispose()
        {
            if (value is not null)
            {
                value.Key.Dispose();
                value.EndEntity.Dispose();
                foreach (var c in value.Issuers)
                {
                    c.Dispose();
                }
            }
        }
    }
}
