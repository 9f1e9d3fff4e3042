using System.Net;
using Sztpd.Testing.Pki;

namespace Sztpd.Testing;

/// <summary>
/// The certificate shapes of the opiproject/sztp deployment (see opi-data README "Certificate generation
/// parameters"), generated per run: an SBI server chain root → int1 → int2 → end entity and a device (IDevID)
/// chain root → int1 → int2 → one end entity per serial number.
/// </summary>
public sealed class OpiPki : IDisposable
{
    public static readonly IReadOnlyList<string> DefaultSerialNumbers =
        ["first-serial-number", "second-serial-number", "third-serial-number"];

    private readonly Dictionary<string, TestCredential> devices = new(StringComparer.Ordinal);

    public OpiPki(DateTimeOffset now, TestKeyAlgorithm sbiKeyAlgorithm = TestKeyAlgorithm.EcP256, IEnumerable<string>? serialNumbers = null)
    {
        Pki = new TestPki(now);
        var sbi = Pki.CreateCaChain("CN=sbi-root-ca, O=Sztpd Test", "CN=sbi-intermediate1, O=Sztpd Test", "CN=sbi-intermediate2, O=Sztpd Test");
        (SbiRoot, SbiIntermediate1, SbiIntermediate2) = (sbi[0], sbi[1], sbi[2]);
        SbiEndEntity = SbiIntermediate2.IssueEndEntity("CN=localhost, O=Sztpd Test", new TestCertificateOptions
        {
            KeyAlgorithm = sbiKeyAlgorithm,
            DnsNames = ["localhost", "bootstrap", "web", "redirecter"],
            IpAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback],
        });
        var client = Pki.CreateCaChain("CN=client-root-ca, O=Sztpd Test", "CN=client-intermediate1, O=Sztpd Test", "CN=client-intermediate2, O=Sztpd Test");
        (ClientRoot, ClientIntermediate1, ClientIntermediate2) = (client[0], client[1], client[2]);
        foreach (var serial in serialNumbers ?? DefaultSerialNumbers)
        {
            AddDevice(serial);
        }
    }

    public TestPki Pki { get; }

    public TestCredential SbiRoot { get; }

    public TestCredential SbiIntermediate1 { get; }

    public TestCredential SbiIntermediate2 { get; }

    /// <summary>The SBI server identity (SAN DNS localhost, bootstrap, web, redirecter; IP 127.0.0.1, ::1).</summary>
    public TestCredential SbiEndEntity { get; }

    public TestCredential ClientRoot { get; }

    public TestCredential ClientIntermediate1 { get; }

    public TestCredential ClientIntermediate2 { get; }

    /// <summary>Device (IDevID) credentials by serial number.</summary>
    public IReadOnlyDictionary<string, TestCredential> Devices => devices;

    /// <summary>SBI_PRIVATE_KEY_B64: RFC 5915 (or PKCS #1 for RSA) DER, base64.</summary>
    public string SbiPrivateKeyB64 => SbiEndEntity.PrivateKeyBase64;

    /// <summary>SBI_PUB_KEY_B64: SubjectPublicKeyInfo DER, base64.</summary>
    public string SbiPublicKeyB64 => SbiEndEntity.SpkiBase64;

    /// <summary>SBI_EE_CERT_B64: degenerate CMS of the SBI end entity + intermediate2 (<c>cert_chain.cms</c>).</summary>
    public string SbiEeCertB64 => TestPki.CmsBase64(SbiEndEntity, SbiIntermediate2);

    /// <summary>CLIENT_CERT_TA_B64: degenerate CMS of the device root + int1 + int2 (<c>ta_cert_chain.cms</c>).</summary>
    public string ClientCertTaB64 => TestPki.CmsBase64(ClientRoot, ClientIntermediate1, ClientIntermediate2);

    /// <summary>BOOTSVR_TA_CERT_B64: the same as <see cref="ClientCertTaB64"/> (an opi quirk).</summary>
    public string BootsvrTaCertB64 => ClientCertTaB64;

    /// <summary><c>opi.pem</c>: SBI root + intermediate1, the devices' trust for the SBI.</summary>
    public string ServerTrustPem => TestPki.Pem(SbiRoot, SbiIntermediate1);

    /// <summary><c>cert_chain.pem</c>: SBI end entity + intermediate2.</summary>
    public string SbiCertChainPem => TestPki.Pem(SbiEndEntity, SbiIntermediate2);

    /// <summary><c>ta_cert_chain.pem</c>: device root + int1 + int2 (a client-CA bundle).</summary>
    public string ClientTaPem => TestPki.Pem(ClientRoot, ClientIntermediate1, ClientIntermediate2);

    /// <summary>Issues a device certificate whose subject ends in <c>serialNumber=&lt;serial&gt;</c>.</summary>
    public TestCredential AddDevice(string serialNumber, TestKeyAlgorithm keyAlgorithm = TestKeyAlgorithm.EcP256)
    {
        var device = ClientIntermediate2.IssueEndEntity(
            TestPki.DeviceSubject("sztp-device", serialNumber),
            new TestCertificateOptions { KeyAlgorithm = keyAlgorithm, ExtendedKeyUsages = [TestOids.ClientAuth] });
        if (devices.Remove(serialNumber, out var previous))
        {
            previous.Dispose();
        }

        devices.Add(serialNumber, device);
        return device;
    }

    /// <summary>Writes the opi file set (server and client volumes) into <paramref name="directory"/>.</summary>
    public void WriteFiles(TempDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        directory.WriteBytes("private_key.der", SbiEndEntity.PrivateKeyDer);
        directory.WriteText("private_key.pem", SbiEndEntity.PrivateKeyPem);
        directory.WriteBytes("public_key.der", SbiEndEntity.SpkiDer);
        directory.WriteText("my_cert.pem", SbiEndEntity.CertificatePem);
        directory.WriteText("cert_chain.pem", SbiCertChainPem);
        directory.WriteBytes("cert_chain.cms", Convert.FromBase64String(SbiEeCertB64));
        directory.WriteText("ta_cert_chain.pem", ClientTaPem);
        directory.WriteBytes("ta_cert_chain.cms", Convert.FromBase64String(ClientCertTaB64));
        directory.WriteText("opi.pem", ServerTrustPem);
        foreach (var (serial, device) in devices)
        {
            var prefix = serial.EndsWith("-serial-number", StringComparison.Ordinal) ? serial[..^"-serial-number".Length] : serial;
            directory.WriteText(prefix + "_private_key.pem", device.PrivateKeyPem);
            directory.WriteText(prefix + "_my_cert.pem", device.CertificatePem);
        }
    }

    public void Dispose()
    {
        foreach (var credential in devices.Values.Concat([SbiEndEntity, SbiIntermediate2, SbiIntermediate1, SbiRoot,
            ClientIntermediate2, ClientIntermediate1, ClientRoot]))
        {
            credential.Dispose();
        }
    }
}
