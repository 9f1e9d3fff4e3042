using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Pki.Cms;

namespace Sztpd.Core.Sztpd;

/// <summary>
/// A device type's <c>sztpd-ext:signed-data</c>: the owner's key and certificate chain, the owner certificate artifact
/// (RFC 8572 §3.2) made from it, the manufacturer trust anchors that vouchers must chain to, and when to sign.
/// </summary>
public sealed record SignedDataSettings(bool Always, KeystoreCertificate Owner, byte[] OwnerCertificateArtifact, X509Certificate2Collection VoucherTrustAnchors)
{
    public const string Member = "sztpd-ext:signed-data";

    private sealed record Resolved(SignedDataSettings? Settings, string? Error);

    private static readonly ConditionalWeakTable<JsonObject, Resolved> Cache = [];

    /// <summary>The owner certificate, then its issuers (the chain a voucher's pinned-domain-cert must anchor).</summary>
    public IReadOnlyList<X509Certificate2> OwnerChain => [Owner.EndEntity, .. Owner.Issuers];

    /// <summary>
    /// The settings of <paramref name="deviceType"/> in <paramref name="config"/>: null without error when it has none, null
    /// with an error when they cannot be used. Read once per configuration version (edits replace the objects).
    /// </summary>
    public static SignedDataSettings? Of(JsonObject config, JsonObject? deviceType, out string? error)
    {
        if (deviceType?[Member] is not JsonObject signed)
        {
            error = null;
            return null;
        }
        var resolved = Cache.GetValue(signed, s => Resolve(config, s));
        error = resolved.Error;
        return resolved.Settings;
    }

    private static Resolved Resolve(JsonObject config, JsonObject signed)
    {
        var owner = signed["owner-certificate"];
        var entry = KeystoreCertificate.Read(config, (string?)owner?["asymmetric-key"] ?? "", (string?)owner?["certificate"] ?? "", out var error);
        if (entry is null)
        {
            return new Resolved(null, error);
        }
        var bag = (string?)signed["voucher-trust-anchors"];
        var anchors = Truststore.Bag(config, bag);
        if (anchors.Count == 0)
        {
            return new Resolved(null, $"The truststore bag \"{bag}\" holds no voucher trust anchors.");
        }
        var artifact = OwnerCertificateCms.Encode(entry.EndEntity, entry.Issuers);
        return new Resolved(new SignedDataSettings((string?)signed["sign-responses"] == "always", entry, artifact, anchors), null);
    }
}
