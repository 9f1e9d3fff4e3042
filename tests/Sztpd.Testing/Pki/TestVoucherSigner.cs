using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Vouchers;

namespace Sztpd.Testing.Pki;

/// <summary>
/// A manufacturer's voucher signer (MASA): a root CA, an intermediate CA and a signing end entity (no extended key
/// usage). Vouchers carry the signer, the intermediate and the root, as RFC 8366 §5.4 recommends.
/// </summary>
public sealed class TestVoucherSigner : IDisposable
{
    public TestVoucherSigner(TestPki pki, string name = "manufacturer", TestKeyAlgorithm keyAlgorithm = TestKeyAlgorithm.EcP256)
    {
        ArgumentNullException.ThrowIfNull(pki);
        Root = pki.CreateRoot($"CN={name}-root-ca, O=Sztpd Test");
        Intermediate = Root.IssueIntermediate($"CN={name}-intermediate, O=Sztpd Test");
        Signer = Intermediate.IssueEndEntity(
            $"CN={name}-masa, O=Sztpd Test",
            new TestCertificateOptions { KeyAlgorithm = keyAlgorithm, ExtendedKeyUsages = [] });
    }

    /// <summary>The manufacturer trust anchor devices are configured with.</summary>
    public TestCredential Root { get; }

    public TestCredential Intermediate { get; }

    /// <summary>The voucher-signing end entity.</summary>
    public TestCredential Signer { get; }

    /// <summary>A new collection holding <see cref="Root"/>'s certificate.</summary>
    public X509Certificate2Collection TrustAnchors => [Root.Certificate];

    /// <summary>Signs voucher JSON (checked or not) as an id-ct-animaJSONVoucher SignedData.</summary>
    public byte[] Sign(byte[] voucherJson) =>
        OwnershipVoucherCms.Sign(voucherJson, Signer.Certificate, Signer.Key, [Signer.Certificate, Intermediate.Certificate, Root.Certificate]);

    public void Dispose()
    {
        Signer.Dispose();
        Intermediate.Dispose();
        Root.Dispose();
    }
}
