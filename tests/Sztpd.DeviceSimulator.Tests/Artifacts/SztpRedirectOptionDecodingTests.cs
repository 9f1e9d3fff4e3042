using System.Text;
using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Tests.Artifacts;

/// <summary>Client behaviour of RFC 8572 §8.1/§8.2: invalid entries ignored, an option without a valid URI discarded.</summary>
public sealed class SztpRedirectOptionDecodingTests
{
    [Fact]
    public void DecodeList_InvalidEntries_AreIgnoredWithAReason()
    {
        byte[] list = [.. Entry("http://plain.example.com"), .. Entry("https://good.example.com"), .. Entry("https://x.example.com/path")];

        var decoded = SztpRedirectOption.DecodeList(list);

        Assert.False(decoded.IsDiscarded);
        Assert.Equal(["https://good.example.com"], decoded.Uris);
        Assert.Equal(["http://plain.example.com", "https://x.example.com/path"], decoded.Invalid.Select(i => i.Uri));
        Assert.Contains("https", decoded.Invalid[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeList_NoValidUri_DiscardsTheOption()
    {
        byte[] list = [.. Entry("ftp://a.example.com"), .. Entry("")];

        var decoded = SztpRedirectOption.DecodeList(list);

        Assert.True(decoded.IsDiscarded);
        Assert.Empty(decoded.Uris);
        Assert.Equal(2, decoded.Invalid.Count);
        Assert.Contains("MUST discard", decoded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeList_NonAsciiOctets_AreAnInvalidEntry()
    {
        byte[] list = [0x00, 0x0a, .. "https://\u00e9"u8, .. Entry("https://ok.example.com")];

        var decoded = SztpRedirectOption.DecodeList(list);

        Assert.Equal(["https://ok.example.com"], decoded.Uris);
        Assert.Contains("non-ASCII characters", Assert.Single(decoded.Invalid).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x05, 0x68, 0x74 })]
    [InlineData(new byte[] { 0x00 })]
    public void DecodeList_TruncatedEntry_IsADecodeError(byte[] tail)
    {
        byte[] list = [.. Entry("https://ok.example.com"), .. tail];

        var decoded = SztpRedirectOption.DecodeList(list);

        Assert.True(decoded.IsDiscarded);
        Assert.Empty(decoded.Uris);
        Assert.Contains("octet 24", decoded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeList_Empty_IsDiscarded() =>
        Assert.True(SztpRedirectOption.DecodeList([]).IsDiscarded);

    [Fact]
    public void DecodeDhcpV4_InstancesAmongOtherOptions_ConcatenatesOnlyOption143()
    {
        var list = Entry("https://sztp.example.com:8443");
        byte[] options =
        [
            0x35, 0x01, 0x05,                   // DHCP message type ACK
            0x8f, 0x07, .. list[..7],           // first part of option 143, cutting the entry
            0x00, 0x00,                         // pad
            0x03, 0x04, 0xc0, 0x00, 0x02, 0x01, // router
            0x8f, (byte)(list.Length - 7), .. list[7..],
            0xff,                               // end
            0x8f, 0x02, 0x00, 0x00,             // after end: not read
        ];

        var decoded = SztpRedirectOption.DecodeDhcpV4(options);

        Assert.Equal(["https://sztp.example.com:8443"], decoded.Uris);
    }

    [Fact]
    public void DecodeDhcpV4_LengthPastTheEnd_IsAnError() =>
        Assert.Contains("runs past the end", SztpRedirectOption.DecodeDhcpV4([0x8f, 0x10, 0x00, 0x01]).Error, StringComparison.Ordinal);

    [Fact]
    public void DecodeDhcpV4_NoOption143_IsAnError() =>
        Assert.Contains("No DHCPv4 option 143", SztpRedirectOption.DecodeDhcpV4([0x03, 0x04, 0xc0, 0x00, 0x02, 0x01]).Error, StringComparison.Ordinal);

    [Fact]
    public void DecodeDhcpV6_RoundTrip_GivesTheUris()
    {
        string[] uris = ["https://[2001:db8::5]", "https://sztp.example.com:9443"];

        Assert.Equal(uris, SztpRedirectOption.DecodeDhcpV6(SztpRedirectOption.DhcpV6Option(SztpRedirectOption.EncodeList(uris))).Uris);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x87, 0x00, 0x00 }, "not 136")]
    [InlineData(new byte[] { 0x00, 0x88, 0x00, 0x05, 0x00 }, "option-length is 5 but 1")]
    [InlineData(new byte[] { 0x00, 0x88 }, "at least 4 octets")]
    public void DecodeDhcpV6_BadTlv_SaysWhy(byte[] option, string error) =>
        Assert.Contains(error, SztpRedirectOption.DecodeDhcpV6(option).Error, StringComparison.Ordinal);

    private static byte[] Entry(string uri)
    {
        var bytes = Encoding.ASCII.GetBytes(uri);
        return [(byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];
    }
}
