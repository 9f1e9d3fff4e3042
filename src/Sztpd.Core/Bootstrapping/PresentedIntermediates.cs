using System.Security.Cryptography.X509Certificates;
using Sztpd.Core.Limits;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// The intermediate certificates a device presented with its own (in its TLS handshake, or after its certificate in
/// the <c>X-Client-Cert</c> header). They only help build a path from the device's certificate to its device type's
/// trust anchors; they are never trust anchors themselves. More than <see cref="InputLimits.MaxClientIntermediates"/>
/// certificates or <see cref="InputLimits.MaxClientChainSize"/> bytes are not kept: the device is refused with
/// <see cref="Refusal"/>.
/// </summary>
public sealed class PresentedIntermediates
{
    private PresentedIntermediates(X509Certificate2Collection certificates, string? refusal) =>
        (Certificates, Refusal) = (certificates, refusal);

    /// <summary>No intermediates (the device sent its certificate alone, or none).</summary>
    public static PresentedIntermediates None { get; } = new([], null);

    /// <summary>The intermediates, copies of what the device sent (empty when refused).</summary>
    public X509Certificate2Collection Certificates { get; }

    /// <summary>Why the device is refused (for the audit log) when it presented more than the limits allow; else null.</summary>
    public string? Refusal { get; }

    /// <summary>
    /// The certificates of <paramref name="sent"/> other than <paramref name="leaf"/>, copied (the TLS stack disposes
    /// its own after the handshake), or the refusal when they exceed <paramref name="limits"/>.
    /// </summary>
    public static PresentedIntermediates Of(IEnumerable<X509Certificate2> sent, X509Certificate2 leaf, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(limits);
        var others = sent.Where(c => !c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)).ToList();
        if (others.Count == 0)
        {
            return None;
        }
        var size = others.Sum(c => (long)c.RawDataMemory.Length);
        if (others.Count > limits.MaxClientIntermediates || size > limits.MaxClientChainSize)
        {
            return new([], $"Device presented {others.Count} intermediate certificates ({size} bytes) with its own; at most " +
                $"{limits.MaxClientIntermediates} certificates and {limits.MaxClientChainSize} bytes are accepted.");
        }
        return new([.. others.Select(c => X509CertificateLoader.LoadCertificate(c.RawDataMemory.Span))], null);
    }
}
