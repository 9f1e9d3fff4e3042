using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Cms;

namespace Sztpd.Core.Configuration;

/// <summary>
/// A device type's <c>sztpd-ext:signed-data</c>: the owner's key and certificate chain, the owner certificate artifact
/// (RFC 8572 §3.2) made from it, the manufacturer trust anchors that vouchers must chain to, when to sign, and the
/// certificates the signed conveyed information carries (<see cref="EmbeddedCertificates"/>).
/// </summary>
public sealed record SignedDataSettings(bool Always, KeystoreCertificate Owner, byte[] OwnerCertificateArtifact, X509Certificate2Collection VoucherTrustAnchors)
{
    /// <summary>The certificates the SignedData of signed conveyed information carries: none, the owner certificate, or the owner chain.</summary>
    public IReadOnlyList<X509Certificate2> Embedded { get; init; } = [];

    public const string Member = "sztpd-ext:signed-data";

    private sealed record Resolved(SignedDataSettings? Settings, string? Error);

    private static readonly ConditionalWeakTable<SignedDataPolicy, Resolved> Cache = [];

    /// <summary>The owner certificate, then its issuers (the chain a voucher's pinned-domain-cert must anchor).</summary>
    public IReadOnlyList<X509Certificate2> OwnerChain => [Owner.EndEntity, .. Owner.Issuers];

    /// <summary>
    /// The settings of <paramref name="deviceType"/> in <paramref name="config"/>: null without error when it has none, null
    /// with an error when they cannot be used. Resolved once per configuration revision (the policy record is per revision).
    /// </summary>
    public static SignedDataSettings? Of(RunningConfiguration config, DeviceType? deviceType, out string? error)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (deviceType?.SignedData is not { } policy)
        {
            error = null;
            return null;
        }
        var resolved = Cache.GetValue(policy, p => Resolve(config, p));
        error = resolved.Error;
        return resolved.Settings;
    }

    private static Resolved Resolve(RunningConfiguration config, SignedDataPolicy policy)
    {
        var entry = config.Keystore.Read(policy.OwnerCertificate, out var error);
        if (entry is null)
        {
            return new Resolved(null, error);
        }
        var anchors = config.Truststore.Bag(policy.VoucherTrustAnchors);
        if (anchors.Count == 0)
        {
            return new Resolved(null, $"The truststore bag \"{policy.VoucherTrustAnchors}\" holds no voucher trust anchors.");
        }
        var artifact = OwnerCertificateCms.Encode(entry.EndEntity, entry.Issuers);
        IReadOnlyList<X509Certificate2> embedded = policy.Embed switch
        {
            EmbeddedCertificates.Signer => [entry.EndEntity],
            EmbeddedCertificates.Chain => [entry.EndEntity, .. entry.Issuers],
            _ => [],
        };
        return new Resolved(new SignedDataSettings(policy.Always, entry, artifact, anchors) { Embedded = embedded }, null);
    }
}
