using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Tests.Artifacts;

/// <summary>RFC 8572 §4.2.2 TXT and §4.2.3 SRV records in zone-file presentation format.</summary>
public sealed class DnsRecordsTests
{
    [Fact]
    public void TxtRecords_BinaryArtifact_EscapesQuotesBackslashesAndNonPrintables()
    {
        byte[] ci = [0x30, 0x00, (byte)'"', (byte)'\\', 0xff, (byte)'A', (byte)' ', (byte)';', 0x0a];

        var line = Assert.Single(DnsRecords.TxtRecords("example.com", "SN-1", ci, null, null, 3600));

        Assert.Equal("SN-1._sztp.example.com. 3600 IN TXT \"ci=0\\000\\\"\\\\\\255A ;\\010\"", line);
        Assert.Equal([.. "ci="u8, .. ci], DnsRecords.DecodeTxt(line));
    }

    [Fact]
    public void TxtRecords_AllOctetValues_RoundTripAcrossCharacterStrings()
    {
        var artifact = Enumerable.Range(0, 1024).Select(i => (byte)(i * 7)).ToArray();

        var line = Assert.Single(DnsRecords.TxtRecords("example.com.", "SN1", artifact, null, null, 60));

        // "ci=" + 1024 octets = 1027 octets: four full character-strings and one of 7, one per line after the owner
        Assert.Equal(6, line.Split('\n').Length);
        Assert.StartsWith("SN1._sztp.example.com. 60 IN TXT (\n    \"ci=", line, StringComparison.Ordinal);
        Assert.EndsWith("\" )", line, StringComparison.Ordinal);
        Assert.Equal([.. "ci="u8, .. artifact], DnsRecords.DecodeTxt(line));
        Assert.Equal([255, 255, 255, 255, 7], ReadCharacterStringLengths(line));
    }

    [Fact]
    public void TxtRecords_SignedData_AddsOcAndOvRecords()
    {
        var records = DnsRecords.TxtRecords("example.com", "SN1", [1], [2], [3], 3600);

        Assert.Equal(
            [
                "SN1._sztp.example.com. 3600 IN TXT \"ci=\\001\"",
                "SN1._sztp.example.com. 3600 IN TXT \"oc=\\002\"",
                "SN1._sztp.example.com. 3600 IN TXT \"ov=\\003\"",
            ],
            records);
    }

    [Fact]
    public void TxtRecords_VoucherWithoutOwnerCertificate_IsRefused() =>
        Assert.Throws<ArgumentException>(() => DnsRecords.TxtRecords("example.com", "SN1", [1], null, [3], 3600));

    [Fact]
    public void TxtRecords_ArtifactOverOneResourceRecord_IsRefusedCitingSection424()
    {
        var error = Assert.Throws<ArgumentException>(() => DnsRecords.TxtRecords("example.com", "SN1", new byte[65300], null, null, 3600));

        Assert.Contains("4.2.4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SN.1")]
    [InlineData("")]
    [InlineData("SN 1")]
    public void TxtRecords_SerialNotALabel_IsRefused(string serial) =>
        Assert.Contains("DNS label", Assert.Throws<ArgumentException>(() => DnsRecords.TxtRecords("example.com", serial, [1], null, null, 1)).Message, StringComparison.Ordinal);

    [Fact]
    public void SrvRecords_ServersInOrder_GetIncreasingPriorityAndDefaultPort443() =>
        Assert.Equal(
            [
                "_sztp._tcp.example.com. 1800 IN SRV 0 0 443 sztp1.example.com.",
                "_sztp._tcp.example.com. 1800 IN SRV 1 0 8443 sztp2.example.com.",
            ],
            DnsRecords.SrvRecords("example.com", ["sztp1.example.com", "sztp2.example.com.:8443"], 1800));

    [Theory]
    [InlineData("192.0.2.1:443", "not an address")]
    [InlineData("sztp.example.com:http", "not a port number")]
    [InlineData("sztp..example.com", "not a domain name")]
    public void SrvRecords_BadServer_SaysWhy(string server, string reason) =>
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => DnsRecords.SrvRecords("example.com", [server], 1)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("\"a\\065\\\"\" b", new byte[] { 0x61, 0x41, 0x22, 0x62 })]
    [InlineData("x._sztp.example.com. 1 IN TXT ( \"ab\"\n \"c\" )", new byte[] { 0x61, 0x62, 0x63 })]
    [InlineData("txt.example.com. IN TXT \"TXT\"", new byte[] { 0x54, 0x58, 0x54 })]
    public void DecodeTxt_PresentationFormat_GivesTheOctets(string text, byte[] expected) =>
        Assert.Equal(expected, DnsRecords.DecodeTxt(text));

    [Theory]
    [InlineData("\"abc")]
    [InlineData("\"\\256\"")]
    [InlineData("\"\\12\"")]
    public void DecodeTxt_Malformed_IsAFormatError(string text) =>
        Assert.Throws<FormatException>(() => DnsRecords.DecodeTxt(text));

    private static IEnumerable<int> ReadCharacterStringLengths(string line) =>
        line.Split('\n').Skip(1).Select(part => DnsRecords.DecodeTxt(part).Length);
}
