using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Vouchers;

/// <summary>
/// The <c>voucher</c> container of the ietf-voucher YANG module (RFC 8366 §5.3): the manufacturer's statement that
/// the device with <see cref="SerialNumber"/> belongs to the owner identified by <see cref="PinnedDomainCert"/>.
/// Read it from its RFC 7951 JSON with <see cref="ParseJson"/>; <see cref="OwnershipVoucherCms"/> reads the signed
/// artifact.
/// </summary>
public sealed record OwnershipVoucher
{
    /// <summary><c>created-on</c>: when the voucher was created.</summary>
    public required DateTimeOffset CreatedOn { get; init; }

    /// <summary><c>expires-on</c>: when the voucher expires, if it does.</summary>
    public DateTimeOffset? ExpiresOn { get; init; }

    /// <summary><c>assertion</c>: how the owner was verified; one of the <see cref="VoucherAssertion"/> values.</summary>
    public required string Assertion { get; init; }

    /// <summary><c>serial-number</c>: the device's serial number.</summary>
    public required string SerialNumber { get; init; }

    /// <summary><c>idevid-issuer</c>: the authority key identifier of the device's IDevID certificate, if given.</summary>
    public byte[]? IdevidIssuer { get; init; }

    /// <summary><c>pinned-domain-cert</c>: the certificate the owner certificate must chain to (or be).</summary>
    public required X509Certificate2 PinnedDomainCert { get; init; }

    /// <summary><c>domain-cert-revocation-checks</c>: whether the device must (true) or must not (false) check revocation.</summary>
    public bool? DomainCertRevocationChecks { get; init; }

    /// <summary><c>nonce</c>: the device's anti-replay value (8 to 32 bytes), if given.</summary>
    public byte[]? Nonce { get; init; }

    /// <summary><c>last-renewal-date</c>: the last date the MASA projects to renew the voucher on (informative).</summary>
    public DateTimeOffset? LastRenewalDate { get; init; }

    /// <summary>
    /// Reads <c>{"ietf-voucher:voucher": {...}}</c> (RFC 7951). Members of other modules (augmentations) and members
    /// this revision does not know are ignored.
    /// </summary>
    /// <exception cref="FormatException">The JSON is not a voucher; the message says why.</exception>
    public static OwnershipVoucher ParseJson(ReadOnlySpan<byte> json) =>
        TryParseJson(json, out var voucher, out var error) ? voucher : throw new FormatException(error);

    /// <summary>Reads the RFC 7951 JSON of a voucher, or says in one sentence why it is not one.</summary>
    public static bool TryParseJson(
        ReadOnlySpan<byte> json,
        [NotNullWhen(true)] out OwnershipVoucher? voucher,
        [NotNullWhen(false)] out string? error) =>
        OwnershipVoucherJson.TryRead(json, out voucher, out error);

    /// <summary>Writes the RFC 7951 JSON (UTF-8): <c>{"ietf-voucher:voucher": {...}}</c>, omitting unset leaves.</summary>
    public byte[] ToJson() => OwnershipVoucherJson.Write(this);
}
