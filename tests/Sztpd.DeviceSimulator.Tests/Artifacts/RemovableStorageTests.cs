using Sztpd.DeviceSimulator.Artifacts;
using Sztpd.Testing;

namespace Sztpd.DeviceSimulator.Tests.Artifacts;

/// <summary>RFC 8572 §4.1 artifacts as files, in our <c>sztp/&lt;serial-number&gt;/</c> layout.</summary>
public sealed class RemovableStorageTests : IDisposable
{
    private readonly TempDirectory _medium = new("sztp-usb");

    public void Dispose() => _medium.Dispose();

    [Fact]
    public void WriteThenRead_SignedBundle_RoundTrips()
    {
        var written = RemovableStorage.Write(_medium.Path, "SN-7", [1, 2], [3], [4, 5, 6]);

        Assert.Equal(
            new[] { "conveyed-information.cms", "owner-certificate.cms", "ownership-voucher.cms" }.Select(f => Path.Combine(_medium.Path, "sztp", "SN-7", f)),
            written);
        var read = RemovableStorage.Read(_medium.Path, "SN-7");
        Assert.NotNull(read);
        Assert.Equal([1, 2], read.ConveyedInformation);
        Assert.Equal([3], read.OwnerCertificate);
        Assert.Equal([4, 5, 6], read.OwnershipVoucher);
    }

    [Fact]
    public void Write_UnsignedOverSigned_RemovesTheStaleOwnerCertificateAndVoucher()
    {
        RemovableStorage.Write(_medium.Path, "SN-7", [1], [3], [4]);

        RemovableStorage.Write(_medium.Path, "SN-7", [9], null, null);

        var read = RemovableStorage.Read(_medium.Path, "SN-7");
        Assert.NotNull(read);
        Assert.Equal([9], read.ConveyedInformation);
        Assert.Null(read.OwnerCertificate);
        Assert.Null(read.OwnershipVoucher);
        Assert.Equal(["conveyed-information.cms"], Directory.GetFiles(_medium.Combine("sztp/SN-7")).Select(Path.GetFileName));
    }

    [Fact]
    public void Read_TwoDevicesOnOneMedium_AreKeptApart()
    {
        RemovableStorage.Write(_medium.Path, "A", [0xa], null, null);
        RemovableStorage.Write(_medium.Path, "B", [0xb], null, null);

        Assert.Equal([0xa], RemovableStorage.Read(_medium.Path, "A")!.ConveyedInformation);
        Assert.Equal([0xb], RemovableStorage.Read(_medium.Path, "B")!.ConveyedInformation);
    }

    [Fact]
    public void Read_NoBundle_IsNull()
    {
        RemovableStorage.Write(_medium.Path, "OTHER", [1], null, null);

        Assert.Null(RemovableStorage.Read(_medium.Path, "SN-7"));
        Assert.Null(RemovableStorage.Read(_medium.Combine("not-mounted"), "SN-7"));
    }

    [Fact]
    public void Read_VoucherWithoutOwnerCertificate_IsInvalidData()
    {
        RemovableStorage.Write(_medium.Path, "SN-7", [1], [3], [4]);
        File.Delete(Path.Combine(_medium.Path, "sztp", "SN-7", "owner-certificate.cms"));

        var error = Assert.Throws<InvalidDataException>(() => RemovableStorage.Read(_medium.Path, "SN-7"));

        Assert.Contains("ownership-voucher.cms without owner-certificate.cms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ArtifactsWithoutConveyedInformation_IsInvalidData()
    {
        RemovableStorage.Write(_medium.Path, "SN-7", [1], [3], [4]);
        File.Delete(Path.Combine(_medium.Path, "sztp", "SN-7", "conveyed-information.cms"));

        Assert.Throws<InvalidDataException>(() => RemovableStorage.Read(_medium.Path, "SN-7"));
    }

    [Fact]
    public void Write_OwnerCertificateWithoutVoucher_IsRefused() =>
        Assert.Throws<ArgumentException>(() => RemovableStorage.Write(_medium.Path, "SN-7", [1], [3], null));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("SN:1")]
    [InlineData("SN\u0000")]
    public void WriteAndRead_UnsafeSerial_AreRefused(string serial)
    {
        Assert.Throws<ArgumentException>(() => RemovableStorage.Write(_medium.Path, serial, [1], null, null));
        Assert.Throws<ArgumentException>(() => RemovableStorage.Read(_medium.Path, serial));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_medium.Path));
    }
}
