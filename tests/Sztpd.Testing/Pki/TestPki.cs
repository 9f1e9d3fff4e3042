using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Cms;

namespace Sztpd.Testing.Pki;

/// <summary>
/// Makes certificates in memory, per test run, with validity anchored at a given instant (never the wall clock).
/// Start with <see cref="CreateRoot(string, TestCertificateOptions?)"/>, then issue from the returned credential.
/// </summary>
public sealed class TestPki(DateTimeOffset now)
{
    /// <summary>The instant validity periods are computed from.</summary>
    public DateTimeOffset Now { get; } = now;

    /// <summary>A self-signed root CA. <paramref name="subject"/> uses .NET's distinguished-name syntax.</summary>
    public TestCredential CreateRoot(string subject, TestCertificateOptions? options = null) =>
        CreateRoot(new X500DistinguishedName(subject), options);

    /// <summary>A self-signed root CA.</summary>
    public TestCredential CreateRoot(X500DistinguishedName subject, TestCertificateOptions? options = null) =>
        CertificateFactory.Issue(this, null, subject, isCa: true, options ?? new TestCertificateOptions());

    /// <summary>
    /// A root and intermediates, one per subject: element 0 is the root, the last element the deepest intermediate.
    /// </summary>
    public IReadOnlyList<TestCredential> CreateCaChain(params string[] subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentOutOfRangeException.ThrowIfZero(subjects.Length);
        var chain = new List<TestCredential> { CreateRoot(subjects[0]) };
        foreach (var subject in subjects.Skip(1))
        {
            chain.Add(chain[^1].IssueIntermediate(subject));
        }

        return chain;
    }

    /// <summary>
    /// A subject whose last RDN is <c>serialNumber</c>, as the opi device certificates have
    /// (OpenSSL shows it as <c>CN = commonName, serialNumber = serial</c>).
    /// </summary>
    public static X500DistinguishedName DeviceSubject(string commonName, string serialNumber)
    {
        // The builder encodes RDNs in the reverse of the order they are added.
        var builder = new X500DistinguishedNameBuilder();
        builder.Add("2.5.4.5", serialNumber, System.Formats.Asn1.UniversalTagNumber.PrintableString);
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    /// <summary>A degenerate certs-only CMS of the certificates, in order.</summary>
    public static byte[] Cms(params TestCredential[] credentials) =>
        CmsCertificates.CreateDegenerate(credentials.Select(c => c.Certificate));

    /// <summary>Base64 of <see cref="Cms(TestCredential[])"/>, as <c>cert-data</c> and <c>trust-anchor</c> carry it.</summary>
    public static string CmsBase64(params TestCredential[] credentials) => Convert.ToBase64String(Cms(credentials));

    /// <summary>The certificates as concatenated PEM, in order.</summary>
    public static string Pem(params TestCredential[] credentials) =>
        string.Concat(credentials.Select(c => c.CertificatePem));
}
