namespace Sztpd.Core.Configuration;

/// <summary><c>sztpd-ext:signed-data/embed-certificates</c>: which certificates signed conveyed information's SignedData carries.</summary>
public enum EmbeddedCertificates
{
    /// <summary>None: the owner-certificate artifact carries them (RFC 8572 §3.1).</summary>
    None,

    /// <summary>The owner certificate, the signer's.</summary>
    Signer,

    /// <summary>The owner certificate and the other certificates of its <c>cert-data</c>.</summary>
    Chain,
}
