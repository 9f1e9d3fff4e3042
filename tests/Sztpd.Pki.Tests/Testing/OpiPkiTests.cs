using System.Net;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Certificates;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Keys;
using Sztpd.Testing;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests.Testing;

public sealed class OpiPkiTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    [Fact]
    public void SbiKeyMaterial_PassesSztpdKeystoreChecks()
    {
        var opi = fixture.Opi;
        var publicKey = Convert.FromBase64String(opi.SbiPublicKeyB64);

        Assert.Null(AsymmetricKeyValidator.Validate(
            CryptoTypesFormats.SubjectPublicKeyInfo, publicKey, CryptoTypesFormats.EcPrivateKey, Convert.FromBase64String(opi.SbiPrivateKeyB64)));
        Assert.Null(EndEntityCertificateValidator.Validate(Convert.FromBase64String(opi.SbiEeCertB64), publicKey));
        Assert.Null(TrustAnchorValidator.Validate(Convert.FromBase64String(opi.ClientCertTaB64)));
        Assert.Equal(opi.ClientCertTaB64, opi.BootsvrTaCertB64);
    }

    [Fact]
    public void SbiEndEntity_HasOpiShape()
    {
        var certificate = fixture.Opi.SbiEndEntity.Certificate;

        var basic = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.False(basic.CertificateAuthority);
        using var key = certificate.GetECDsaPublicKey();
        Assert.Equal("1.2.840.10045.3.1.7", key!.ExportParameters(false).Curve.Oid.Value);
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
    }

    [Fact]
    public void SbiEeCertB64_HoldsEndEntityThenIntermediate2()
    {
        var opi = fixture.Opi;

        var certificates = CmsCertificates.Decode(Convert.FromBase64String(opi.SbiEeCertB64));

        Assert.Equal([opi.SbiEndEntity.Certificate.Thumbprint, opi.SbiIntermediate2.Certificate.Thumbprint], certificates.Select(c => c.Thumbprint));
    }

    [Fact]
    public void ServerTrustPem_HoldsSbiRootAndIntermediate1()
    {
        var opi = fixture.Opi;
        var certificates = new X509Certificate2Collection();

        certificates.ImportFromPem(opi.ServerTrustPem);

        Assert.Equal([opi.SbiRoot.Certificate.Thumbprint, opi.SbiIntermediate1.Certificate.Thumbprint], certificates.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Devices_DefaultSerials_EachChainToClientRootWithSerialNumberLast()
    {
        var opi = fixture.Opi;

        Assert.Equal(OpiPki.DefaultSerialNumbers.Order(), opi.Devices.Keys.Order());
        foreach (var (serial, device) in opi.Devices)
        {
            var lastRdn = device.Certificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false).Last();
            Assert.Equal("2.5.4.5", lastRdn.GetSingleElementType().Value);
            Assert.Equal(serial, lastRdn.GetSingleElementValue());
            Assert.True(BuildsTo(device, opi.ClientRoot));
        }
    }

    [Fact]
    public void SbiEndEntity_BuildsToSbiRootAtPkiNow()
    {
        Assert.True(BuildsTo(fixture.Opi.SbiEndEntity, fixture.Opi.SbiRoot));
    }

    [Fact]
    public void Constructor_RsaSbi_UsesPkcs1PrivateKey()
    {
        using var opi = new OpiPki(PkiFixture.Now, TestKeyAlgorithm.Rsa2048, ["only-serial-number"]);

        Assert.Equal(CryptoTypesFormats.RsaPrivateKey, opi.SbiEndEntity.PrivateKeyFormat);
        Assert.Null(AsymmetricKeyValidator.Validate(
            CryptoTypesFormats.SubjectPublicKeyInfo, opi.SbiEndEntity.SpkiDer, CryptoTypesFormats.RsaPrivateKey, opi.SbiEndEntity.PrivateKeyDer));
        Assert.Equal(["only-serial-number"], opi.Devices.Keys);
    }

    [Fact]
    public void WriteFiles_OpiFileSet_IsAcceptedByOpenSsl()
    {
        OpenSsl.SkipIfMissing();
        using var directory = new TempDirectory();
        fixture.Opi.WriteFiles(directory);
        var atTime = PkiFixture.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var device = OpenSsl.Run(["verify", "-attime", atTime, "-CAfile", directory.Combine("ta_cert_chain.pem"), directory.Combine("third_my_cert.pem")]);
        var server = OpenSsl.Run(["verify", "-attime", atTime, "-CAfile", directory.Combine("opi.pem"), "-untrusted", directory.Combine("cert_chain.pem"), directory.Combine("my_cert.pem")]);
        var key = OpenSsl.Run(["ec", "-in", directory.Combine("private_key.pem"), "-check", "-noout"]);
        var subject = OpenSsl.Run(["x509", "-in", directory.Combine("first_my_cert.pem"), "-noout", "-subject"]);

        Assert.True(device.ExitCode == 0, device.Output + device.Error);
        Assert.True(server.ExitCode == 0, server.Output + server.Error);
        Assert.True(key.ExitCode == 0, key.Error);
        Assert.Equal("subject=CN = sztp-device, serialNumber = first-serial-number", subject.Output.Trim());
        Assert.True(File.Exists(directory.Combine("private_key.der")));
        Assert.True(File.Exists(directory.Combine("public_key.der")));
        Assert.True(File.Exists(directory.Combine("cert_chain.cms")));
        Assert.True(File.Exists(directory.Combine("ta_cert_chain.cms")));
    }

    private static bool BuildsTo(TestCredential leaf, TestCredential root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root.Certificate);
        chain.ChainPolicy.ExtraStore.AddRange(leaf.Intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = PkiFixture.Now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(leaf.Certificate);
    }
}
