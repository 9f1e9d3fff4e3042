using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Cms;
using Sztpd.Testing;

namespace Sztpd.DeviceSimulator.Tests.Artifacts;

public sealed class StorageCommandTests : IDisposable
{
    private readonly TempDirectory _files = new("sztp-storage");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task StorageBundleThenShow_UnsignedConveyedInformation_ListsTheFile()
    {
        var ci = _files.WriteBytes("ci.cms", ConveyedInformationCms.Encode("{}"u8.ToArray(), xml: false));
        var usb = _files.Combine("usb");

        var bundle = await CommandRun.RunAsync("storage", "bundle", "--out", usb, "--serial", "SN-1", "--conveyed-information", ci);
        var show = await CommandRun.RunAsync("storage", "show", "--dir", usb, "--serial", "SN-1");

        Assert.Equal(0, bundle.ExitCode);
        Assert.Equal(Path.Combine(usb, "sztp", "SN-1", "conveyed-information.cms"), bundle.Stdout.Trim());
        Assert.Equal(string.Empty, bundle.Stderr);
        Assert.Equal(0, show.ExitCode);
        Assert.Equal($"{Path.Combine(usb, "sztp", "SN-1", "conveyed-information.cms")}: {new FileInfo(ci).Length} octets, unsigned, JSON", show.Stdout.Trim());
    }

    [Fact]
    public async Task StorageShow_SignedBundle_SaysSignedAndListsEveryArtifact()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var owner = new CertificateRequest("CN=owner", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var ci = _files.WriteBytes("ci.cms", ConveyedInformationCms.Sign("{}"u8.ToArray(), xml: false, owner, key));
        var oc = _files.WriteBytes("oc.cms", OwnerCertificateCms.Encode(owner, []));
        var ov = _files.WriteBytes("ov.cms", [0x30, 0x00]);
        var usb = _files.Combine("usb");
        Assert.Equal(0, (await CommandRun.RunAsync("storage", "bundle", "--out", usb, "--serial", "SN-2", "--conveyed-information", ci, "--owner-certificate", oc, "--ownership-voucher", ov)).ExitCode);

        var show = await CommandRun.RunAsync("storage", "show", "--dir", usb, "--serial", "SN-2");

        Assert.Equal(0, show.ExitCode);
        var lines = show.Stdout.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.EndsWith("conveyed-information.cms: " + new FileInfo(ci).Length + " octets, signed data, JSON", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("owner-certificate.cms: " + new FileInfo(oc).Length + " octets", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("ownership-voucher.cms: 2 octets", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageBundle_NotCms_WritesButWarns()
    {
        var ci = _files.WriteBytes("ci.bin", [1, 2, 3]);

        var run = await CommandRun.RunAsync("storage", "bundle", "--out", _files.Combine("usb"), "--serial", "SN", "--conveyed-information", ci);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("warning: the conveyed information is not a conveyed information artifact", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageShow_NoBundle_ExitsWith1()
    {
        var run = await CommandRun.RunAsync("storage", "show", "--dir", _files.Path, "--serial", "SN-404");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no bootstrapping data for SN-404", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageShow_VoucherWithoutOwnerCertificate_ExitsWith1()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_files.Path, "sztp", "SN")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "conveyed-information.cms"), [1]);
        File.WriteAllBytes(Path.Combine(folder, "ownership-voucher.cms"), [2]);

        var run = await CommandRun.RunAsync("storage", "show", "--dir", _files.Path, "--serial", "SN");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("without owner-certificate.cms", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--serial", "../x", "--conveyed-information", "ci" }, "cannot name a folder")]
    [InlineData(new[] { "--serial", "SN", "--conveyed-information", "ci", "--owner-certificate", "oc" }, "--owner-certificate needs --ownership-voucher.")]
    [InlineData(new[] { "--serial", "SN", "--conveyed-information", "ci", "--ownership-voucher", "ov" }, "--ownership-voucher needs --owner-certificate.")]
    [InlineData(new[] { "--serial", "SN" }, "Option '--conveyed-information' is required.")]
    public async Task StorageBundle_BadArguments_ExitWith2AndWriteNothing(string[] args, string message)
    {
        var usb = _files.Combine("usb");

        var run = await CommandRun.RunAsync(["storage", "bundle", "--out", usb, .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(usb));
    }
}
