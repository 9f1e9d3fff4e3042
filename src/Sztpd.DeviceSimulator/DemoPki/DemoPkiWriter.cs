using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Sztpd.DeviceSimulator.Device;
using Sztpd.Pki.Vouchers;

namespace Sztpd.DeviceSimulator.DemoPki;

/// <summary>
/// Writes a complete demo: the certificate authorities and certificates (PEM), an IDevID per device, a voucher per
/// device when signed, a boot image, and the <c>running.json</c> that configures <c>sztpd</c> for all of it.
/// </summary>
public static class DemoPkiWriter
{
    /// <summary>Generates and writes everything; returns the files written (relative to the output directory).</summary>
    public static IReadOnlyList<string> Write(DemoPkiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.OutputDirectory);
        var written = new List<string>();
        void Text(string name, string content, bool secret = false)
        {
            var path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            if (secret && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            written.Add(name);
        }

        using var pki = Create(options);
        Text("manufacturer-ca.pem", DemoCertificates.CertificatePem(pki.ManufacturerCa));
        Text("server-ca.pem", DemoCertificates.CertificatePem(pki.ServerCa));
        Text("server-cert.pem", DemoCertificates.CertificatePem(pki.Server) + DemoCertificates.CertificatePem(pki.ServerCa));
        Text("voucher-signer-ca.pem", DemoCertificates.CertificatePem(pki.VoucherSignerCa));
        Text("pinned-domain-cert.pem", DemoCertificates.CertificatePem(pki.OwnerCa));
        Text("owner-cert.pem", DemoCertificates.CertificatePem(pki.Owner) + DemoCertificates.CertificatePem(pki.OwnerCa));
        Text("private/manufacturer-ca-key.pem", DemoCertificates.KeyPem(pki.ManufacturerCa), secret: true);
        Text("private/server-key.pem", DemoCertificates.KeyPem(pki.Server), secret: true);
        Text("private/voucher-signer-key.pem", DemoCertificates.KeyPem(pki.VoucherSigner), secret: true);
        Text("private/owner-key.pem", DemoCertificates.KeyPem(pki.Owner), secret: true);

        var vouchers = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var voucherKey = pki.VoucherSigner.GetECDsaPrivateKey()!;
        using var pinned = X509CertificateLoader.LoadCertificate(pki.OwnerCa.RawData);
        for (var i = 1; i <= Math.Min(options.Devices, options.Idevids ?? options.Devices); i++)
        {
            var serial = options.Serial(i);
            using var idevid = IssueIdevid(options, pki, serial);
            Text($"devices/{serial}/cert.pem", DemoCertificates.CertificatePem(idevid)
                + (pki.ManufacturerIssuingCa is { } issuing ? DemoCertificates.CertificatePem(issuing) : ""));
            Text($"devices/{serial}/key.pem", DemoCertificates.KeyPem(idevid), secret: true);
            if (options.SignsResponses)
            {
                vouchers[serial] = Voucher(pki, voucherKey, pinned, serial, options.Now);
                File.WriteAllBytes(Path.Combine(root, "devices", serial, "ownership-voucher.cms"), vouchers[serial]);
                written.Add($"devices/{serial}/ownership-voucher.cms");
            }
        }

        var image = Encoding.UTF8.GetBytes("demo-os 2.0: the boot image of the sztp-device demo.\n");
        var imagePath = Path.Combine(root, "images", "demo-os-2.0.img");
        Directory.CreateDirectory(Path.GetDirectoryName(imagePath)!);
        File.WriteAllBytes(imagePath, image);
        written.Add("images/demo-os-2.0.img");
        var config = DemoConfiguration.Build(options, pki, s => vouchers.GetValueOrDefault(s), new Uri(imagePath).AbsoluteUri, image);
        Text("running.json", config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return written;
    }

    /// <summary>
    /// Device <paramref name="serial"/>'s IDevID: ECDSA P-256 with the serial number in CN and serialNumber; for
    /// cisco-ios-xe a SUDI as Cisco issues it (RSA-2048, SHA-1 signed, serialNumber <c>PID:C9300-24T SN:serial</c>).
    /// </summary>
    private static X509Certificate2 IssueIdevid(DemoPkiOptions o, DemoPkiArtifacts pki, string serial) => pki.ManufacturerIssuingCa is { } sudiCa
        ? DemoCertificates.Issue(sudiCa, $"CN=C9300-24T, SERIALNUMBER=PID:C9300-24T SN:{serial}, OU=ACT-2 Lite SUDI, O=sztp-device demo", o.Now, tls: true, rsa: true, sha1: true)
        : DemoCertificates.Issue(pki.ManufacturerCa, $"CN={serial}, SERIALNUMBER={serial}, O=sztp-device demo", o.Now, tls: true);

    private static DemoPkiArtifacts Create(DemoPkiOptions o)
    {
        var cisco = o.Profile == DeviceProfile.CiscoIosXe;
        // Cisco's SUDI chain (Cisco Root CA 2048 -> ACT2 SUDI CA -> switch) is RSA, SHA-1 signed; the switch sends the ACT2 CA.
        var manufacturer = cisco
            ? DemoCertificates.CreateRoot("CN=sztp-device demo root CA 2048, O=sztp-device demo", o.Now, 20, rsa: true, sha1: true)
            : DemoCertificates.CreateRoot("CN=sztp-device demo manufacturer CA, O=sztp-device demo", o.Now);
        // An RSA server certificate comes with an all-RSA chain: a device whose TLS stack verifies only RSA PKCS #1 v1.5
        // (Cisco IOS XE's TAM) can then validate every signature from the root down.
        var serverCa = DemoCertificates.CreateRoot("CN=sztp-device demo bootstrap server CA, O=sztp-device demo", o.Now, rsa: o.RsaServer);
        var voucherCa = DemoCertificates.CreateRoot("CN=sztp-device demo voucher signer CA (MASA), O=sztp-device demo", o.Now);
        var ownerCa = DemoCertificates.CreateRoot("CN=sztp-device demo owner CA, O=sztp-device demo", o.Now);
        return new DemoPkiArtifacts
        {
            ManufacturerCa = manufacturer,
            ManufacturerIssuingCa = cisco ? DemoCertificates.IssueRsaCa(manufacturer, "CN=sztp-device demo ACT2 SUDI CA, O=sztp-device demo", o.Now, sha1: true) : null,
            ServerCa = serverCa,
            Server = DemoCertificates.Issue(serverCa, $"CN={o.Address}, O=sztp-device demo", o.Now, tls: true, o.Address, "localhost", o.RsaServer),
            VoucherSignerCa = voucherCa,
            VoucherSigner = DemoCertificates.Issue(voucherCa, "CN=sztp-device demo voucher signer, O=sztp-device demo", o.Now, tls: false),
            OwnerCa = ownerCa,
            Owner = DemoCertificates.Issue(ownerCa, "CN=sztp-device demo owner, O=sztp-device demo", o.Now, tls: false),
        };
    }

    /// <summary>A voucher assigning <paramref name="serial"/> to the owner CA (<paramref name="pinned"/>), signed by the voucher signer.</summary>
    private static byte[] Voucher(DemoPkiArtifacts pki, ECDsa key, X509Certificate2 pinned, string serial, DateTimeOffset now) =>
        OwnershipVoucherCms.Sign(new OwnershipVoucher
        {
            CreatedOn = now.AddHours(-1),
            ExpiresOn = now.AddYears(1),
            Assertion = VoucherAssertion.Verified,
            SerialNumber = serial,
            PinnedDomainCert = pinned,
        }, pki.VoucherSigner, key, [pki.VoucherSigner, pki.VoucherSignerCa]);
}
