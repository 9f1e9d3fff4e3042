using System.Globalization;
using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Restconf;
using Sztpd.Pki.Certificates;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Keys;

namespace Sztpd.Core.Certificates;

/// <summary>
/// The rollover of a managed CA's key (<c>managed/rollover</c>, docs/certificates.md): the next key and its certificate are
/// made by the commit that schedules it and published beside the current ones; at <c>switch-at</c> they replace them,
/// and the certificate in force until then stays published (<c>previous-cert-data</c>) until it expires.
/// </summary>
public static partial class ManagedKeys
{
    private const string Rollover = "rollover";
    private const string PreviousCertData = "previous-cert-data";
    private static readonly string[] RolloverMaterial = ["public-key", "cleartext-private-key", "cert-data"];

    /// <summary>When the rollover of <paramref name="key"/> switches, if one is scheduled.</summary>
    private static DateTimeOffset? SwitchAt(JsonObject key) =>
        (string?)key[ManagedDeclaration.Member]?[Rollover]?["switch-at"] is { } at ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : null;

    /// <summary>When the certificate of cert-data <paramref name="data"/> (its first) expires.</summary>
    private static DateTimeOffset NotAfter(string data)
    {
        var all = CmsCertificates.Decode(Convert.FromBase64String(data));
        try
        {
            return all[0].NotAfter.ToUniversalTime();
        }
        finally
        {
            foreach (var certificate in all)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>The serial number (lowercase hexadecimal) of each scheduled rollover's next certificate, by key name.</summary>
    public static Dictionary<string, string> NextSerials(JsonObject config)
    {
        var serials = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, key) in Entries(config))
        {
            if ((string?)key[ManagedDeclaration.Member]?[Rollover]?["cert-data"] is { } data)
            {
                var all = CmsCertificates.Decode(Convert.FromBase64String(data));
                serials[name] = all[0].SerialNumber.ToLowerInvariant();
                foreach (var certificate in all)
                {
                    certificate.Dispose();
                }
            }
        }
        return serials;
    }

    private sealed partial class Pass
    {
        private bool Switching(JsonObject key) => SwitchAt(key) is { } at && now >= at;

        /// <summary>
        /// Keeps what sztpd wrote of the rollover and the previous certificate when the edit left it out, and refuses an
        /// edit that changed it; drops the previous certificate once it expired. False: refused.
        /// </summary>
        private bool KeepWritten(JsonObject key, string name, JsonObject? previous)
        {
            var managed = (JsonObject)key[ManagedDeclaration.Member]!;
            var was = previous?[ManagedDeclaration.Member] as JsonObject;
            var path = $"{Path}{name}/{ManagedDeclaration.Member}";
            if (!KeepLeaf(managed, was, PreviousCertData, name, path))
            {
                return false;
            }
            if ((string?)managed[PreviousCertData] is { } data && now >= NotAfter(data))
            {
                managed.Remove(PreviousCertData);
            }
            if (managed[Rollover] is not JsonObject rollover)
            {
                return true;
            }
            var wasRollover = was?[Rollover] as JsonObject;
            return RolloverMaterial.All(leaf => KeepLeaf(rollover, wasRollover, leaf, name, $"{path}/{Rollover}"));
        }

        /// <summary>The rule for what sztpd writes: an edit may leave <paramref name="leaf"/> out (it is kept) but not change it. False: refused.</summary>
        private bool KeepLeaf(JsonObject container, JsonObject? was, string leaf, string name, string path)
        {
            if (container[leaf] is { } set && !(was?[leaf] is { } kept && JsonNode.DeepEquals(set, kept)))
            {
                errors.Add(RestconfError.InvalidValue(
                    $"asymmetric-key \"{name}\" is managed ({ManagedDeclaration.Member}): its {leaf} is written by sztpd, and an edit may leave it out but not change it.", $"{path}/{leaf}"));
                return false;
            }
            if (container[leaf] is null && was?[leaf] is { } value)
            {
                container[leaf] = value.DeepClone();
            }
            return true;
        }

        /// <summary>
        /// Makes the next key and certificate of a scheduled rollover when it has none (or a new algorithm), reissues the
        /// next certificate when what it says or its issuer changed, and switches to them at switch-at.
        /// </summary>
        private void RollOver(JsonObject key, string name, ManagedDeclaration declaration, JsonObject? previous, ManagedDeclaration? previousDeclaration,
            KeystoreCertificate? issuer, string? caError)
        {
            var managed = (JsonObject)key[ManagedDeclaration.Member]!;
            if (managed[Rollover] is not JsonObject rollover)
            {
                return;
            }
            var path = $"{Path}{name}/{ManagedDeclaration.Member}/{Rollover}";
            if (!declaration.IsCa)
            {
                errors.Add(RestconfError.InvalidValue($"asymmetric-key \"{name}\" is no certificate-authority: only a CA's key is rolled over (a leaf gets a new key at each renewal).", path));
                return;
            }
            var algorithm = (string?)rollover["key-algorithm"] ?? declaration.KeyAlgorithm;
            var next = declaration with { KeyAlgorithm = algorithm };
            var wasRollover = previous?[ManagedDeclaration.Member]?[Rollover] as JsonObject;
            var wasNext = wasRollover is null ? null : previousDeclaration! with { KeyAlgorithm = (string?)wasRollover["key-algorithm"] ?? previousDeclaration!.KeyAlgorithm };
            using var made = Disposable(wasNext?.KeyAlgorithm == algorithm ? NextOf(rollover, name) : null);
            var reissue = made.Value is null || wasNext?.Certifies != next.Certifies
                || (issuer is not null && (made.Value.Issuers.Count > 0 ? made.Value.Issuers[0].Thumbprint : null) != issuer.EndEntity.Thumbprint);
            if (reissue && Check(next, issuer, caError, null, false, out var leaf) is { } failure)
            {
                errors.Add(RestconfError.InvalidValue($"asymmetric-key \"{name}\" cannot be issued its next certificate: {failure}",
                    leaf is null ? path : $"{Path}{name}/{ManagedDeclaration.Member}/{leaf}"));
                return;
            }
            using var generated = made.Value is null ? CertificateIssuer.GenerateKey(algorithm) : null;
            var nextKey = generated ?? made.Value!.Key;
            if (reissue)
            {
                rollover["public-key"] = Convert.ToBase64String(nextKey.ExportSubjectPublicKeyInfo());
                rollover["cleartext-private-key"] = Convert.ToBase64String(nextKey.ExportPkcs8PrivateKey());
                rollover["cert-data"] = Certify(next, nextKey, issuer);
            }
            if (!Switching(key))
            {
                return;
            }
            if (CertData(key, name) is { } inForce)
            {
                managed[PreviousCertData] = inForce;
            }
            Install(key, name, isCa: true, nextKey, (string)rollover["cert-data"]!);
            if (rollover["key-algorithm"] is { } set)
            {
                managed["key-algorithm"] = set.DeepClone();
            }
            managed.Remove(Rollover);
        }

        /// <summary>The next key and certificate that <paramref name="rollover"/> holds, if any.</summary>
        private static KeystoreCertificate? NextOf(JsonObject rollover, string name) =>
            (string?)rollover["cleartext-private-key"] is { } privateKey && (string?)rollover["cert-data"] is { } data
                ? KeystoreCertificate.Decode(new KeystoreReference(name, name + ".next"), CryptoTypesFormats.OneAsymmetricKey, privateKey, data, out _)
                : null;
    }
}
