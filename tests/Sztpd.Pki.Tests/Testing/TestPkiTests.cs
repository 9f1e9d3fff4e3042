using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Testing;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests.Testing;

public sealed class TestPkiTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    [Fact]
    public void CreateCaChain_ThreeSubjects_ReturnsRootThenIntermediates()
    {
        var pki = new TestPki(PkiFixture.Now);

        var chain = pki.CreateCaChain("CN=r", "CN=i1", "CN=i2");

        Assert.Equal(["CN=r", "CN=i1", "CN=i2"], chain.Select(c => c.Certificate.Subject));
        Assert.Null(chain[0].Issuer);
        Assert.Same(chain[1], chain[2].Issuer);
        Assert.All(chain, c => Assert.True(c.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority));
        foreach (var credential in chain)
        {
            credential.Dispose();
        }
    }

    [Fact]
    public void IssueEndEntity_Options_AppliesValidityKeyAndNames()
    {
        var pki = new TestPki(PkiFixture.Now);
        using var root = pki.CreateRoot("CN=root");
        var notAfter = PkiFixture.Now.AddDays(2);

        using var leaf = root.IssueEndEntity("CN=leaf", new TestCertificateOptions
        {
            KeyAlgorithm = TestKeyAlgorithm.Rsa2048,
            NotBefore = PkiFixture.Now,
            NotAfter = notAfter,
            DnsNames = ["example.test"],
            IpAddresses = [IPAddress.Loopback],
        });

        Assert.Equal(PkiFixture.Now, new DateTimeOffset(leaf.Certificate.NotBefore.ToUniversalTime()));
        Assert.Equal(notAfter, new DateTimeOffset(leaf.Certificate.NotAfter.ToUniversalTime()));
        Assert.IsAssignableFrom<RSA>(leaf.Key);
        Assert.Equal(2048, leaf.Key.KeySize);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", leaf.PrivateKeyPem, StringComparison.Ordinal);
        Assert.Contains("example.test", leaf.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
    }

    [Fact]
    public void DeviceSubject_SerialNumber_IsLastRdn()
    {
        var subject = TestPki.DeviceSubject("x", "third-serial-number");

        var rdns = subject.EnumerateRelativeDistinguishedNames(reversed: false).ToList();
        Assert.Equal("2.5.4.3", rdns[0].GetSingleElementType().Value);
        Assert.Equal("third-serial-number", rdns[1].GetSingleElementValue());
    }

    [Fact]
    public void Exports_EcCredential_AreMutuallyConsistent()
    {
        var ee = fixture.Opi.SbiEndEntity;

        using var fromDer = ECDsa.Create();
        fromDer.ImportECPrivateKey(ee.PrivateKeyDer, out _);
        using var fromPem = ECDsa.Create();
        fromPem.ImportFromPem(ee.PrivateKeyPem);

        Assert.Equal(ee.SpkiDer, fromDer.ExportSubjectPublicKeyInfo());
        Assert.Equal(ee.SpkiDer, fromPem.ExportSubjectPublicKeyInfo());
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", ee.PrivateKeyPem, StringComparison.Ordinal);
        Assert.Equal(ee.Certificate.RawData, X509Certificate2.CreateFromPem(ee.CertificatePem).RawData);
        Assert.Equal(2, ee.Intermediates.Count);
    }

    [Fact]
    public void WritePem_Credential_WritesCertificateAndKeyFiles()
    {
        using var directory = new TempDirectory();

        var (certificatePath, keyPath) = fixture.Opi.SbiEndEntity.WritePem(directory, "server");

        Assert.Equal(fixture.Opi.SbiEndEntity.CertificatePem, File.ReadAllText(certificatePath));
        Assert.Equal(fixture.Opi.SbiEndEntity.PrivateKeyPem, File.ReadAllText(keyPath));
    }

    [Fact]
    public void Dispose_TempDirectory_DeletesDirectory()
    {
        var directory = new TempDirectory();
        directory.WriteText("a.txt", "a");

        directory.Dispose();

        Assert.False(Directory.Exists(directory.Path));
    }

    [Fact]
    public async Task ToTlsCertificate_MutualTlsOverLoopback_Authenticates()
    {
        var opi = fixture.Opi;
        using var serverCertificate = opi.SbiEndEntity.ToTlsCertificate();
        using var clientCertificate = opi.Devices["first-serial-number"].ToTlsCertificate();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        var connect = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        await connect;
        await using var serverStream = new SslStream(accepted.GetStream());
        await using var clientStream = new SslStream(client.GetStream());

        var serverTask = serverStream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(serverCertificate, opi.SbiEndEntity.Intermediates, offline: true),
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && Validates(cert, opi.ClientRoot, opi.ClientIntermediate1, opi.ClientIntermediate2),
        }, TestContext.Current.CancellationToken);
        await clientStream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = [clientCertificate],
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && Validates(cert, opi.SbiRoot, opi.SbiIntermediate1, opi.SbiIntermediate2),
        }, TestContext.Current.CancellationToken);
        await serverTask;

        Assert.True(serverStream.IsMutuallyAuthenticated);
        Assert.Equal(clientCertificate.Thumbprint, serverStream.RemoteCertificate!.GetCertHashString());
    }

    private static bool Validates(X509Certificate certificate, TestCredential root, params TestCredential[] intermediates)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root.Certificate);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.Select(i => i.Certificate).ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = PkiFixture.Now.UtcDateTime;
        return chain.Build(leaf);
    }
}
