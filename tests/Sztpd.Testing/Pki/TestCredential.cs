using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Testing.Pki;

/// <summary>A certificate with its private key and issuer, made by <see cref="TestPki"/>.</summary>
public sealed partial class TestCredential : IDisposable
{
    internal TestCredential(
        TestPki pki, TestCredential? issuer, X509Certificate2 certificate, AsymmetricAlgorithm key, TestKeyAlgorithm algorithm)
    {
        Pki = pki;
        Issuer = issuer;
        Certificate = certificate;
        Key = key;
        KeyAlgorithm = algorithm;
    }

    public TestPki Pki { get; }

    /// <summary>The issuing credential; null for a root.</summary>
    public TestCredential? Issuer { get; }

    /// <summary>The certificate, with its (ephemeral) private key attached.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The private key: an <see cref="ECDsa"/> or an <see cref="RSA"/>.</summary>
    public AsymmetricAlgorithm Key { get; }

    public TestKeyAlgorithm KeyAlgorithm { get; }

    /// <summary>This credential, then its issuer, and so on up to the root.</summary>
    public IEnumerable<TestCredential> Chain
    {
        get
        {
            for (var c = this; c is not null; c = c.Issuer)
            {
                yield return c;
            }
        }
    }

    /// <summary>Issues an intermediate CA certificate signed by this credential.</summary>
    public TestCredential IssueIntermediate(string subject, TestCertificateOptions? options = null) =>
        IssueIntermediate(new X500DistinguishedName(subject), options);

    public TestCredential IssueIntermediate(X500DistinguishedName subject, TestCertificateOptions? options = null) =>
        CertificateFactory.Issue(Pki, this, subject, isCa: true, options ?? new TestCertificateOptions());

    /// <summary>Issues an end-entity certificate (basicConstraints cA=FALSE) signed by this credential.</summary>
    public TestCredential IssueEndEntity(string subject, TestCertificateOptions? options = null) =>
        IssueEndEntity(new X500DistinguishedName(subject), options);

    public TestCredential IssueEndEntity(X500DistinguishedName subject, TestCertificateOptions? options = null) =>
        CertificateFactory.Issue(Pki, this, subject, isCa: false, options ?? new TestCertificateOptions());

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}
