using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Certificates;

namespace Sztpd.DeviceSimulator.Device;

/// <summary>
/// The device's decision about a bootstrap server's TLS certificate (RFC 8572 §5.3, §5.5): trusted when it chains to one
/// of the anchors and names the host; otherwise accepted provisionally (untrusted), unless authentication is required.
/// </summary>
internal sealed class ServerTrust(X509Certificate2Collection anchors, bool required)
{
    /// <summary>Null until a handshake happened; then whether the server was authenticated.</summary>
    public bool? Trusted { get; private set; }

    /// <summary>Why the server was not authenticated, when it was not.</summary>
    public string? Reason { get; private set; }

    /// <summary>The server certificate's subject.</summary>
    public string? Subject { get; private set; }

    public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            (Trusted, Reason) = (false, "the server sent no certificate");
            return false;
        }

        using var copy = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        var leaf = copy ?? (X509Certificate2)certificate;
        Subject = leaf.Subject;
        var sent = new X509Certificate2Collection(chain?.ChainPolicy.ExtraStore ?? []);
        if (anchors.Count == 0)
        {
            Reason = "the device has no trust anchor for this server";
        }
        else if (!TrustChain.Builds(leaf, anchors, sent))
        {
            Reason = "its certificate does not chain to the device's trust anchors";
        }
        else if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            Reason = "its certificate does not name the host";
        }

        Trusted = Reason is null;
        return Trusted.Value || !required;
    }
}
