using System.Security.Cryptography.X509Certificates;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests.Vouchers;

/// <summary>Manufacturers and owners shared by the voucher and signed-data tests.</summary>
public sealed class VoucherFixture : IDisposable
{
    public const string SerialNumber = "first-serial-number";

    public static readonly DateTimeOffset Now = PkiFixture.Now;

    public VoucherFixture()
    {
        var pki = new TestPki(Now);
        Manufacturer = new TestVoucherSigner(pki);
        OtherManufacturer = new TestVoucherSigner(pki, "other-manufacturer");
        Owner = new TestOwner(pki);
        OtherOwner = new TestOwner(pki, "other-owner");
        RsaOwner = new TestOwner(pki, "rsa-owner", TestKeyAlgorithm.Rsa2048);
        P384Owner = new TestOwner(pki, "p384-owner", TestKeyAlgorithm.EcP384);
        SelfSignedOwner = pki.CreateRoot(
            "CN=self-signed-owner, O=Sztpd Test",
            new TestCertificateOptions { KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign });
    }

    public TestVoucherSigner Manufacturer { get; }

    /// <summary>A manufacturer the devices do not trust.</summary>
    public TestVoucherSigner OtherManufacturer { get; }

    public TestOwner Owner { get; }

    /// <summary>An owner no voucher pins.</summary>
    public TestOwner OtherOwner { get; }

    public TestOwner RsaOwner { get; }

    public TestOwner P384Owner { get; }

    /// <summary>A self-signed owner certificate that is also its own pinned-domain-cert.</summary>
    public TestCredential SelfSignedOwner { get; }

    /// <summary>A voucher for <see cref="SerialNumber"/> pinning <see cref="Owner"/>'s root, created an hour ago.</summary>
    public byte[] Voucher(
        X509Certificate2? pinned = null, string serialNumber = SerialNumber, DateTimeOffset? expiresOn = null, byte[]? nonce = null) =>
        TestVouchers.Create(Manufacturer, serialNumber, pinned ?? Owner.Root.Certificate, Now.AddHours(-1), expiresOn, nonce);

    public void Dispose()
    {
        Manufacturer.Dispose();
        OtherManufacturer.Dispose();
        Owner.Dispose();
        OtherOwner.Dispose();
        RsaOwner.Dispose();
        P384Owner.Dispose();
        SelfSignedOwner.Dispose();
    }
}
