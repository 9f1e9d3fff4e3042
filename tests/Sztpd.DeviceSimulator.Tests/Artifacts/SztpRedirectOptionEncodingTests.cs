using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Tests.Artifacts;

/// <summary>RFC 8572 §8.1-§8.3 encodings, checked octet by octet against hand-written expectations.</summary>
public sealed class SztpRedirectOptionEncodingTests
{
    private const string Sztp1 = "https://sztp1.example.com";
    private const string V6Literal = "https://[2001:db8::1]:8443";

    // uri-length 25 (0x0019), then "https://sztp1.example.com"
    private static readonly byte[] Sztp1Entry =
    [
        0x00, 0x19,
        0x68, 0x74, 0x74, 0x70, 0x73, 0x3a, 0x2f, 0x2f,
        0x73, 0x7a, 0x74, 0x70, 0x31,
        0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
        0x2e, 0x63, 0x6f, 0x6d,
    ];

    // uri-length 26 (0x001a), then "https://[2001:db8::1]:8443"
    private static readonly byte[] V6LiteralEntry =
    [
        0x00, 0x1a,
        0x68, 0x74, 0x74, 0x70, 0x73, 0x3a, 0x2f, 0x2f,
        0x5b, 0x32, 0x30, 0x30, 0x31, 0x3a, 0x64, 0x62, 0x38, 0x3a, 0x3a, 0x31, 0x5d,
        0x3a, 0x38, 0x34, 0x34, 0x33,
    ];

    [Fact]
    public void EncodeList_TwoUris_IsLengthPrefixedEntriesInOrder() =>
        Assert.Equal([.. Sztp1Entry, .. V6LiteralEntry], SztpRedirectOption.EncodeList([Sztp1, V6Literal]));

    [Fact]
    public void SplitDhcpV4_ShortList_IsOneOption143Instance()
    {
        var instances = SztpRedirectOption.SplitDhcpV4(SztpRedirectOption.EncodeList([Sztp1, V6Literal]));

        var instance = Assert.Single(instances);
        Assert.Equal([0x8f, 0x37, .. Sztp1Entry, .. V6LiteralEntry], instance);
    }

    [Fact]
    public void DhcpV6Option_OneUri_IsCode136AndLengthAsUint16()
    {
        var option = SztpRedirectOption.DhcpV6Option(SztpRedirectOption.EncodeList([Sztp1]));

        Assert.Equal([0x00, 0x88, 0x00, 0x1b, .. Sztp1Entry], option);
    }

    [Fact]
    public void SplitDhcpV4_ListOver255Octets_IsSplitPerRfc3396AndConcatenatesBack()
    {
        var uris = Enumerable.Range(1, 12).Select(i => $"https://bootstrap-server-{i:D2}.provisioning.example.net:8443").ToList();
        var list = SztpRedirectOption.EncodeList(uris);

        var instances = SztpRedirectOption.SplitDhcpV4(SztpRedirectOption.EncodeList(uris));

        Assert.True(list.Length > 2 * 255, $"the test list should need three instances, it is {list.Length} octets");
        Assert.Equal(3, instances.Count);
        Assert.All(instances, i => Assert.Equal(143, i[0]));
        Assert.All(instances, i => Assert.Equal(i.Length - 2, i[1]));
        Assert.Equal([255, 255, list.Length - 510], instances.Select(i => (int)i[1]));
        Assert.Equal(list, instances.SelectMany(i => i.Skip(2)).ToArray());
        Assert.Equal(uris, SztpRedirectOption.DecodeDhcpV4(instances.SelectMany(i => i).ToArray()).Uris);
    }

    [Fact]
    public void SplitDhcpV4_ListOfExactly255Octets_IsOneInstance()
    {
        // 2 + 253: "https://" plus a 245-character host name of four labels
        var host = string.Join('.', Enumerable.Repeat(new string('a', 60), 3)) + "." + new string('c', 62);
        var list = SztpRedirectOption.EncodeList(["https://" + host]);

        Assert.Equal(255, list.Length);
        Assert.Single(SztpRedirectOption.SplitDhcpV4(SztpRedirectOption.EncodeList(["https://" + host])));
    }

    [Fact]
    public void DhcpV6Option_ListOver65535Octets_IsRefused()
    {
        var host = string.Join('.', Enumerable.Repeat(new string('b', 60), 4));
        var uris = Enumerable.Repeat("https://" + host, 300).ToList();

        var error = Assert.Throws<ArgumentException>(() => SztpRedirectOption.DhcpV6Option(SztpRedirectOption.EncodeList(uris)));

        Assert.Contains("65535", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://sztp.example.com", "scheme must be https")]
    [InlineData("https://sztp.example.com/restconf", "no path")]
    [InlineData("https://sztp.example.com?x=1", "no path, query")]
    [InlineData("https://user@sztp.example.com", "userinfo")]
    [InlineData("https://2001:db8::1", "IPv6 literals go in brackets")]
    [InlineData("https://[2001:db8::1", "closing bracket")]
    [InlineData("https://[192.0.2.1]", "not an IPv6 address")]
    [InlineData("https://sztp.example.com:0", "not a port number")]
    [InlineData("https://sztp.example.com:99999", "not a port number")]
    [InlineData("https://bad_host.example.com", "not a hostname")]
    [InlineData("https://", "not a hostname")]
    [InlineData("https://sztp.example.com:443 ", "spaces")]
    public void EncodeList_BadUri_NamesTheUriAndTheReason(string uri, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => SztpRedirectOption.EncodeList(["https://ok.example.com", uri]));

        Assert.Contains($"\"{uri}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://192.0.2.10")]
    [InlineData("https://192.0.2.10:9090/")]
    [InlineData("HTTPS://sztp.example.com:1")]
    [InlineData("https://[::1]:65535")]
    [InlineData("https://sztp-2.example.com.")]
    public void EncodeList_AllowedForms_AreKeptVerbatim(string uri) =>
        Assert.Equal(uri, SztpRedirectOption.DecodeList(SztpRedirectOption.EncodeList([uri])).Uris.Single());

    [Fact]
    public void EncodeList_NoUri_IsRefused() =>
        Assert.Contains("at least one URI", Assert.Throws<ArgumentException>(() => SztpRedirectOption.EncodeList([])).Message, StringComparison.Ordinal);

    [Fact]
    public void HexText_ColonAndPlain_RoundTrip()
    {
        byte[] bytes = [0x00, 0x1a, 0x68, 0xff];

        Assert.Equal("00:1a:68:ff", HexText.Colon(bytes));
        Assert.Equal("001a68ff", HexText.Plain(bytes));
        Assert.Equal(bytes, HexText.Parse("00:1A:68:ff"));
        Assert.Equal(bytes, HexText.Parse(" 00 1a 68 ff\n"));
        Assert.Equal(bytes, HexText.Parse("0x001a68ff"));
        Assert.Throws<FormatException>(() => HexText.Parse("00:1a:6"));
        Assert.Throws<FormatException>(() => HexText.Parse("zz"));
    }
}
