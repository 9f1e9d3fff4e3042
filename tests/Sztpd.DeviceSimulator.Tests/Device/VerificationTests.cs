using System.Text;
using Sztpd.DeviceSimulator.Artifacts;
using Sztpd.DeviceSimulator.Device;
using Sztpd.Testing;
using Sztpd.Testing.Pki;

namespace Sztpd.DeviceSimulator.Tests.Device;

/// <summary>
/// RFC 8572 §5.3-§5.4 as the device applies them, through removable storage (an untrusted source, §4.1): signed
/// onboarding information is processed only when voucher, owner certificate and signature all verify.
/// </summary>
public sealed class VerificationTests : IDisposable
{
    private const string Serial = "SN-0042";
    private static readonly byte[] Onboarding = Encoding.UTF8.GetBytes(
        """{"ietf-sztp-conveyed-info:onboarding-information": {"configuration-handling": "replace", "configuration": "PGNvbmZpZy8+"}}""");

    private readonly TestPki _pki = new(DateTimeOffset.UtcNow);
    private readonly TestVoucherSigner _manufacturer;
    private readonly TestOwner _owner;
    private readonly TestCredential _idevidCa;
    private readonly TestCredential _idevid;
    private readonly TempDirectory _usb = new("sztp-usb");
    private readonly TempDirectory _out = new("sztp-out");

    public VerificationTests()
    {
        _manufacturer = new TestVoucherSigner(_pki);
        _owner = new TestOwner(_pki);
        _idevidCa = _pki.CreateRoot("CN=idevid-ca");
        _idevid = _idevidCa.IssueEndEntity(TestPki.DeviceSubject("device", Serial));
    }

    private byte[] Voucher(string serial = Serial, TestVoucherSigner? signer = null, DateTimeOffset? expiresOn = null, byte[]? nonce = null, TestCredential? pinned = null) =>
        TestVouchers.Create(signer ?? _manufacturer, serial, (pinned ?? _owner.Root).Certificate, _pki.Now.AddHours(-1),
            nonce is null ? expiresOn ?? _pki.Now.AddDays(1) : null, nonce);

    private async Task<BootstrapResult> BootAsync(byte[] conveyed, byte[]? ownerCertificate, byte[]? voucher, byte[]? nonce = null)
    {
        RemovableStorage.Write(_usb.Path, Serial, conveyed, ownerCertificate, voucher);
        var options = new DeviceOptions
        {
            Credentials = DeviceCredentials.FromCertificate(_idevid.Certificate),
            VoucherTrustAnchors = _manufacturer.TrustAnchors,
            Nonce = nonce,
            OutputDirectory = _out.Path,
            Time = new FixedTime(_pki.Now),
        };
        return await new SztpDevice(options).RunAsync([BootstrapSource.RemovableStorage(_usb.Path)]);
    }

    private static void AssertRejected(BootstrapResult result, string reason)
    {
        Assert.False(result.Completed);
        Assert.Equal("verification", result.ErrorKind);
        Assert.Contains(reason, result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(result.Files);
    }

    [Fact]
    public async Task SignedOnboarding_WithVoucherAndOwnerCertificate_IsProcessed()
    {
        var result = await BootAsync(_owner.Sign(Onboarding), _owner.OwnerCertificateArtifact, Voucher());

        Assert.True(result.Completed, result.ToJson().ToJsonString());
        Assert.True(result.Signed);
        Assert.Null(result.OnboardingServer);
        Assert.Equal("<config/>", File.ReadAllText(Path.Combine(_out.Path, "configuration")));
        Assert.Equal("replace\n", File.ReadAllText(Path.Combine(_out.Path, "configuration-handling")));
    }

    [Fact]
    public async Task UnsignedOnboarding_FromRemovableStorage_IsRefused() =>
        Assert.Equal("untrusted-onboarding", (await BootAsync(Sztpd.Pki.Cms.ConveyedInformationCms.Encode(Onboarding, xml: false), null, null)).ErrorKind);

    [Fact]
    public async Task FlippedByteInTheSignedData_IsRejected()
    {
        var signed = _owner.Sign(Onboarding);
        signed[^3] ^= 0x01;

        AssertRejected(await BootAsync(signed, _owner.OwnerCertificateArtifact, Voucher()), "signature");
    }

    [Fact]
    public async Task VoucherFromAnotherManufacturer_IsRejected()
    {
        using var stranger = new TestVoucherSigner(_pki, "stranger");

        AssertRejected(await BootAsync(_owner.Sign(Onboarding), _owner.OwnerCertificateArtifact, Voucher(signer: stranger)), "voucher");
    }

    [Fact]
    public async Task ExpiredVoucher_IsRejected() =>
        AssertRejected(await BootAsync(_owner.Sign(Onboarding), _owner.OwnerCertificateArtifact, Voucher(expiresOn: _pki.Now.AddMinutes(-1))), "expire");

    [Fact]
    public async Task VoucherForAnotherSerialNumber_IsRejected() =>
        AssertRejected(await BootAsync(_owner.Sign(Onboarding), _owner.OwnerCertificateArtifact, Voucher(serial: "SN-9999")), "serial");

    [Fact]
    public async Task NonceMismatch_IsRejected_AndTheSameNonceIsAccepted()
    {
        AssertRejected(await BootAsync(_owner.Sign(Onboarding), _owner.OwnerCertificateArtifact, Voucher(nonce: [1, 2, 3, 4, 5, 6, 7, 8]), nonce: [8, 7, 6, 5, 4, 3, 2, 1]), "nonce");

        var result = await BootAsync(_owner.Sign(Onboarding), _owner.OwnerCertificateArtifact, Voucher(nonce: [1, 2, 3, 4, 5, 6, 7, 8]), nonce: [1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.True(result.Completed, result.Error);
    }

    [Fact]
    public async Task OwnerCertificateNotUnderThePinnedDomainCert_IsRejected()
    {
        using var other = new TestOwner(_pki, "other-owner");

        AssertRejected(await BootAsync(_owner.Sign(Onboarding), _owner.OwnerCertificateArtifact, Voucher(pinned: other.Root)), "pinned");
    }

    public void Dispose()
    {
        _usb.Dispose();
        _out.Dispose();
        _idevid.Dispose();
        _idevidCa.Dispose();
        _owner.Dispose();
        _manufacturer.Dispose();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
