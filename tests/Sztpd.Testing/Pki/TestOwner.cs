using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Cms;

namespace Sztpd.Testing.Pki;

/// <summary>
/// An owner (RFC 8572 §3.2): a root CA, an intermediate CA and the owner certificate (an end entity with key usage
/// digitalSignature and no extended key usage) that signs conveyed information.
/// </summary>
public sealed class TestOwner : IDisposable
{
    public TestOwner(TestPki pki, string name = "owner", TestKeyAlgorithm keyAlgorithm = TestKeyAlgorithm.EcP256)
    {
        ArgumentNullException.ThrowIfNull(pki);
        Root = pki.CreateRoot($"CN={name}-root-ca, O=Sztpd Test");
        Intermediate = Root.IssueIntermediate($"CN={name}-intermediate, O=Sztpd Test");
        Owner = Intermediate.IssueEndEntity(
            $"CN={name}-certificate, O=Sztpd Test",
            new TestCertificateOptions
            {
                KeyAlgorithm = keyAlgorithm,
                KeyUsage = X509KeyUsageFlags.DigitalSignature,
                ExtendedKeyUsages = [],
            });
    }

    /// <summary>The owner's root CA: the usual <c>pinned-domain-cert</c>.</summary>
    public TestCredential Root { get; }

    public TestCredential Intermediate { get; }

    /// <summary>The owner certificate and its key.</summary>
    public TestCredential Owner { get; }

    /// <summary>The owner certificate, then the intermediate (not the root).</summary>
    public IReadOnlyList<X509Certificate2> Chain => [Owner.Certificate, Intermediate.Certificate];

    /// <summary>The owner certificate artifact: a certs-only CMS of the owner certificate and the intermediate.</summary>
    public byte[] OwnerCertificateArtifact => OwnerCertificateCms.Encode(Owner.Certificate, [Intermediate.Certificate]);

    /// <summary>Signed conveyed information (RFC 8572 §3.1) over <paramref name="payload"/>.</summary>
    public byte[] Sign(byte[] payload, bool xml = false) =>
        ConveyedInformationCms.Sign(payload, xml, Owner.Certificate, Owner.Key);

    public void Dispose()
    {
        Owner.Dispose();
        Intermediate.Dispose();
        Root.Dispose();
    }
}
