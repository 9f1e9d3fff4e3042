using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Cms;

namespace Sztpd.Core.Configuration;

/// <summary>A certificate entry of a truststore bag: its name and its <c>cert-data</c> (base64 CMS), decoded once, on first use.</summary>
public sealed class TrustCertificate(string name, string certData)
{
    private readonly Lazy<X509Certificate2Collection> _decoded = new(() => CmsCertificates.Decode(Convert.FromBase64String(certData)));

    public string Name => name;

    public X509Certificate2Collection Certificates => _decoded.Value;
}
