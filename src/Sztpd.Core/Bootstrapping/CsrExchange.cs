using System.Formats.Asn1;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Restconf;
using Sztpd.Pki.Certificates;
using Sztpd.Pki.Cms;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// RFC 9646 for device types with <c>sztpd-ext:csr</c>, when the selected response is onboarding information: a
/// device that sends <c>csr-support</c> is answered 400 <c>missing-attribute</c> with a <c>csr-request</c>; a device
/// that sends a <c>p10-csr</c> gets a certificate from the configured CA, which the caller places into the
/// onboarding information.
/// </summary>
public static class CsrExchange
{
    public const string Placeholder = "{sztpd:issued-certificate}";
    private const string Prefix = "ietf-sztp-csr:";
    private const string P10 = "ietf-ztp-types:p10-csr";
    private static readonly ConditionalWeakTable<CsrPolicy, KeystoreCertificate> Authorities = [];

    /// <summary>
    /// The issued certificate as a certs-only CMS (with the CA chain), the log's <c>sztpd-csr</c>, or the error to return;
    /// and the issued certificate's record for the store of issued certificates.
    /// </summary>
    public static (byte[]? Certificate, JsonObject? Log, RestconfError? Error, Storage.CertificateAppend? Issued) Run(DeviceIdentity device, JsonObject? input, Keystore keystore, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.DeviceType?.Csr is not { } csr || input is null)
        {
            return (null, null, null, null);
        }
        var idevidOnly = csr.IdevidKeyOnly;
        if (input[Prefix + "p10-csr"] is { } p10)
        {
            return Issue(device, csr, Convert.FromBase64String((string)p10!), keystore, now);
        }
        if (input[Prefix + "cmc-csr"] is not null || input[Prefix + "cmp-csr"] is not null)
        {
            return (null, null, new RestconfError(400, "application", "invalid-value", "Only \"p10-csr\" certificate signing requests are supported."), null);
        }
        if (input[Prefix + "csr-support"] is not JsonObject support
            || !((support["csr-generation"]?["supported-formats"]?["format-identifier"] as JsonArray) ?? []).Any(f => (string?)f == P10))
        {
            return (null, null, null, null);
        }
        var request = new JsonObject();
        if (!idevidOnly && ((support["key-generation"]?["supported-algorithms"]?["algorithm-identifier"] as JsonArray) ?? [])
            .Select(a => (string?)a).FirstOrDefault(a => a is not null && CanIssueFor(a)) is { } algorithm)
        {
            request["key-generation"] = new JsonObject { ["selected-algorithm"] = new JsonObject { ["algorithm-identifier"] = algorithm } };
        }
        request["csr-generation"] = new JsonObject { ["selected-format"] = new JsonObject { ["format-identifier"] = P10 } };
        return (null, new JsonObject { ["csr-request"] = request.DeepClone() }, new RestconfError(400, "application", "missing-attribute", "Missing input parameter",
            Info: new JsonObject { [Prefix + "csr-request"] = request }), null);
    }

    private static (byte[]?, JsonObject?, RestconfError?, Storage.CertificateAppend?) Issue(DeviceIdentity device, CsrPolicy csr, byte[] p10, Keystore keystore, DateTimeOffset now)
    {
        // Decoded once per configuration revision (the policy record is per revision).
        var ca = Authorities.GetValue(csr, p => keystore.Read(p.CertificateAuthority, out var e) ?? throw new InvalidOperationException(e));
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate;
        string? error;
        lock (ca.Key)
        {
            certificate = CsrIssuer.Issue(p10, ca.EndEntity, ca.Key, now, csr.ValidityDays, out error,
                keystore.Keys.TryGetValue(csr.CertificateAuthority.Key, out var caKey) ? caKey.CrlDistributionPoint : null);
        }
        if (certificate is null)
        {
            return (null, null, Rejected(error!), null);
        }
        using (certificate)
        {
            var key = certificate.PublicKey.ExportSubjectPublicKeyInfo();
            if (csr.IdevidKeyOnly && (device.Certificate is null || !key.AsSpan().SequenceEqual(device.Certificate.PublicKey.ExportSubjectPublicKeyInfo())))
            {
                return (null, null, Rejected("The CSR must be for the key of the device's IDevID certificate (proof of origin), which the device did not present or which differs."), null);
            }
            if (SerialNumbers.For(certificate, device.DeviceType) != device.SerialNumber)
            {
                return (null, null, Rejected($"The CSR's subject \"{certificate.Subject}\" does not name the device's serial number \"{device.SerialNumber}\"."), null);
            }
            var log = new JsonObject
            {
                ["issued-certificate"] = Convert.ToBase64String(certificate.RawData),
                ["serial-number"] = certificate.SerialNumber.ToLowerInvariant(),
                ["not-after"] = Core.Datastore.RunningDatastore.Timestamp(certificate.NotAfter.ToUniversalTime()),
            };
            var issued = new Storage.CertificateAppend("", csr.CertificateAuthority.Key, certificate.SerialNumber.ToLowerInvariant(), Holder(device.SerialNumber),
                certificate.Subject, certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime(), Convert.ToBase64String(certificate.RawData));
            return (CmsCertificates.CreateDegenerate([certificate, ca.EndEntity, .. ca.Issuers]), log, null, issued);
        }
    }

    /// <summary>Whether <paramref name="input"/> is a CSR that the device's type issues certificates for.</summary>
    public static bool AsksForCertificate(DeviceIdentity device, JsonObject? input) =>
        device?.DeviceType?.Csr is not null && input?[Prefix + "p10-csr"] is not null;

    /// <summary>Who holds a device's certificate, as the store of issued certificates names it.</summary>
    public static string Holder(string serialNumber) => $"device \"{serialNumber}\"";

    /// <summary>Replaces <see cref="Placeholder"/> in the onboarding information's configuration and scripts; returns how many were replaced.</summary>
    public static int Place(JsonObject onboarding, byte[] certificateCms)
    {
        var text = Convert.ToBase64String(certificateCms);
        var count = 0;
        foreach (var member in new[] { "pre-configuration-script", "configuration", "post-configuration-script" })
        {
            if ((string?)onboarding[member] is not { } value)
            {
                continue;
            }
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value));
            var parts = decoded.Split(Placeholder);
            if (parts.Length > 1)
            {
                count += parts.Length - 1;
                onboarding[member] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(string.Join(text, parts)));
            }
        }
        return count;
    }

    private static RestconfError Rejected(string why) => new(400, "application", "invalid-value", why);

    /// <summary>A DER AlgorithmIdentifier (base64) for a key sztpd can certify: EC P-256, P-384, P-521 or RSA.</summary>
    private static bool CanIssueFor(string base64)
    {
        try
        {
            var sequence = new AsnReader(Convert.FromBase64String(base64), AsnEncodingRules.DER).ReadSequence();
            var oid = sequence.ReadObjectIdentifier();
            return oid == "1.2.840.113549.1.1.1"
                || (oid == "1.2.840.10045.2.1" && sequence.HasData
                    && sequence.ReadObjectIdentifier() is "1.2.840.10045.3.1.7" or "1.3.132.0.34" or "1.3.132.0.35");
        }
        catch (Exception e) when (e is FormatException or AsnContentException or CryptographicException)
        {
            return false;
        }
    }
}
