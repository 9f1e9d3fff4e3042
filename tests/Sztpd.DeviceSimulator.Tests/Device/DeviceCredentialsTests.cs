using System.Security.Cryptography.X509Certificates;
using Sztpd.DeviceSimulator.Device;
using Sztpd.Testing;
using Sztpd.Testing.Pki;

namespace Sztpd.DeviceSimulator.Tests.Device;

/// <summary>The device identity read from PEM files and PKCS #12, with its serial number and intermediates.</summary>
public sealed class DeviceCredentialsTests
{
    [Fact]
    public void FromPemAndPkcs12_KeepTheKeyTheIntermediatesAndTheSerialNumber()
    {
        var pki = new TestPki(DateTimeOffset.UtcNow);
        using var root = pki.CreateRoot("CN=root");
        using var intermediate = root.IssueIntermediate("CN=intermediate");
        using var idevid = intermediate.IssueEndEntity(TestPki.DeviceSubject("device", "SN-7"));
        using var dir = new TempDirectory("sztp-credentials");
        var cert = dir.WriteText("cert.pem", idevid.Certificate.ExportCertificatePem() + "\n" + intermediate.Certificate.ExportCertificatePem() + "\n");
        var key = dir.WriteText("key.pem", idevid.Key.ExportPkcs8PrivateKeyPem() + "\n");
        var collection = new X509Certificate2Collection { idevid.Certificate, intermediate.Certificate };
        var p12 = dir.WriteBytes("device.p12", collection.Export(X509ContentType.Pkcs12, "p12-secret")!);

        using var fromPem = DeviceCredentials.FromPem(cert, key, password: "code");
        using var fromP12 = DeviceCredentials.FromPkcs12(p12, "p12-secret");

        foreach (var credentials in new[] { fromPem, fromP12 })
        {
            Assert.Equal("SN-7", credentials.SerialNumber);
            Assert.True(credentials.Certificate.HasPrivateKey);
            Assert.Equal(intermediate.Certificate.Thumbprint, Assert.Single(credentials.Intermediates).Thumbprint);
        }

        Assert.Equal("code", fromPem.Password);
        Assert.Throws<InvalidDataException>(() => DeviceCredentials.FromPkcs12(p12, "wrong"));
        Assert.Throws<InvalidDataException>(() => DeviceCredentials.FromPem(key, key));
    }
}
