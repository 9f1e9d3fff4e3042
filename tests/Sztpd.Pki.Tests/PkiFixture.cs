using Sztpd.Testing;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests;

/// <summary>Credentials shared by a test class: key generation is the slow part of these tests.</summary>
public sealed class PkiFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public PkiFixture()
    {
        Opi = new OpiPki(Now);
        RsaEndEntity = Opi.SbiIntermediate2.IssueEndEntity(
            "CN=rsa-server", new TestCertificateOptions { KeyAlgorithm = TestKeyAlgorithm.Rsa2048 });
        OtherRsaEndEntity = Opi.SbiIntermediate2.IssueEndEntity(
            "CN=other-rsa-server", new TestCertificateOptions { KeyAlgorithm = TestKeyAlgorithm.Rsa2048 });
        OtherEcEndEntity = Opi.SbiIntermediate2.IssueEndEntity("CN=other-ec-server");
    }

    public OpiPki Opi { get; }

    public TestCredential RsaEndEntity { get; }

    public TestCredential OtherRsaEndEntity { get; }

    public TestCredential OtherEcEndEntity { get; }

    public void Dispose()
    {
        RsaEndEntity.Dispose();
        OtherRsaEndEntity.Dispose();
        OtherEcEndEntity.Dispose();
        Opi.Dispose();
    }
}
