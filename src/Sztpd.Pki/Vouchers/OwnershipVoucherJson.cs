using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Sztpd.Pki.Vouchers;

/// <summary>The RFC 7951 JSON encoding of the ietf-voucher <c>voucher</c> container.</summary>
internal static class OwnershipVoucherJson
{
    public const string TopLevelMember = "ietf-voucher:voucher";
    private const string ModulePrefix = "ietf-voucher:";

    public static bool TryRead(
        ReadOnlySpan<byte> json, [NotNullWhen(true)] out OwnershipVoucher? voucher, [NotNullWhen(false)] out string? error)
    {
        voucher = null;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty(TopLevelMember, out var container)
                || container.ValueKind != JsonValueKind.Object)
            {
                error = $"The voucher JSON is not an object with an \"{TopLevelMember}\" object member.";
                return false;
            }

            var leaves = container.EnumerateObject().ToDictionary(
                p => p.Name.StartsWith(ModulePrefix, StringComparison.Ordinal) ? p.Name[ModulePrefix.Length..] : p.Name,
                p => p.Value,
                StringComparer.Ordinal);
            voucher = Read(new VoucherLeaves(leaves));
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = $"The voucher is not valid JSON ({e.Message}).";
            return false;
        }
        catch (ArgumentException e)
        {
            // Duplicate member names after prefix stripping.
            error = $"The voucher JSON repeats a leaf ({e.Message}).";
            return false;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    public static byte[] Write(OwnershipVoucher voucher)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(TopLevelMember);
            writer.WriteString("created-on", YangDateAndTime.Format(voucher.CreatedOn));
            WriteOptional(writer, "expires-on", voucher.ExpiresOn);
            writer.WriteString("assertion", voucher.Assertion);
            writer.WriteString("serial-number", voucher.SerialNumber);
            WriteOptional(writer, "idevid-issuer", voucher.IdevidIssuer);
            writer.WriteBase64String("pinned-domain-cert", voucher.PinnedDomainCert.RawData);
            if (voucher.DomainCertRevocationChecks is { } checks)
            {
                writer.WriteBoolean("domain-cert-revocation-checks", checks);
            }

            WriteOptional(writer, "nonce", voucher.Nonce);
            WriteOptional(writer, "last-renewal-date", voucher.LastRenewalDate);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static OwnershipVoucher Read(VoucherLeaves leaves)
    {
        var assertion = leaves.RequiredString("assertion");
        if (!VoucherAssertion.IsDefined(assertion))
        {
            throw new FormatException($"The voucher's \"assertion\" is \"{assertion}\", not verified, logged or proximity.");
        }

        var nonce = leaves.OptionalBinary("nonce");
        if (nonce is { Length: < 8 or > 32 })
        {
            throw new FormatException($"The voucher's \"nonce\" is {nonce.Length} bytes long, not 8 to 32.");
        }

        return new OwnershipVoucher
        {
            CreatedOn = leaves.OptionalDateAndTime("created-on") ?? throw Missing("created-on"),
            ExpiresOn = leaves.OptionalDateAndTime("expires-on"),
            Assertion = assertion,
            SerialNumber = leaves.RequiredString("serial-number"),
            IdevidIssuer = leaves.OptionalBinary("idevid-issuer"),
            PinnedDomainCert = ReadCertificate(leaves.OptionalBinary("pinned-domain-cert") ?? throw Missing("pinned-domain-cert")),
            DomainCertRevocationChecks = leaves.OptionalBoolean("domain-cert-revocation-checks"),
            Nonce = nonce,
            LastRenewalDate = leaves.OptionalDateAndTime("last-renewal-date"),
        };
    }

    private static X509Certificate2 ReadCertificate(byte[] der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"The voucher's \"pinned-domain-cert\" is not a DER X.509 certificate ({e.Message}).", e);
        }
    }

    internal static FormatException Missing(string leaf) => new($"The voucher lacks the mandatory \"{leaf}\" leaf.");

    private static void WriteOptional(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteString(name, YangDateAndTime.Format(v));
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, byte[]? value)
    {
        if (value is not null)
        {
            writer.WriteBase64String(name, value);
        }
    }
}
