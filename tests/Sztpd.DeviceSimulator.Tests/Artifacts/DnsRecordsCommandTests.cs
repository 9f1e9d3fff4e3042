using Sztpd.Testing;

namespace Sztpd.DeviceSimulator.Tests.Artifacts;

public sealed class DnsRecordsCommandTests : IDisposable
{
    private readonly TempDirectory _files = new("sztp-dns");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task DnsRecords_SignedDataAndServers_PrintsTxtAndSrvLines()
    {
        var ci = _files.WriteBytes("ci.cms", [0x30, 0x22, 0x5c]);
        var oc = _files.WriteBytes("oc.cms", [0x01]);
        var ov = _files.WriteBytes("ov.cms", [0x02]);

        var run = await CommandRun.RunAsync(
            "dns", "records", "--domain", "example.com", "--ttl", "1800", "--serial", "SN-9", "--conveyed-information", ci,
            "--owner-certificate", oc, "--ownership-voucher", ov, "--server", "sztp1.example.com", "--server", "sztp2.example.com:9443");

        Assert.Equal(0, run.ExitCode);
        var records = run.Stdout.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(';')).ToList();
        Assert.Equal(
            [
                "SN-9._sztp.example.com. 1800 IN TXT \"ci=0\\\"\\\\\"",
                "SN-9._sztp.example.com. 1800 IN TXT \"oc=\\001\"",
                "SN-9._sztp.example.com. 1800 IN TXT \"ov=\\002\"",
                "_sztp._tcp.example.com. 1800 IN SRV 0 0 443 sztp1.example.com.",
                "_sztp._tcp.example.com. 1800 IN SRV 1 0 9443 sztp2.example.com.",
            ],
            records);
    }

    [Fact]
    public async Task DnsRecords_MissingFile_ExitsWith1()
    {
        var run = await CommandRun.RunAsync("dns", "records", "--domain", "example.com", "--serial", "SN", "--conveyed-information", _files.Combine("absent.cms"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--conveyed-information", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("no such file", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--domain", "example.com" }, "Give --serial")]
    [InlineData(new[] { "--domain", "example.com", "--serial", "SN" }, "--serial needs --conveyed-information.")]
    [InlineData(new[] { "--domain", "example.com", "--conveyed-information", "ci" }, "--conveyed-information needs --serial.")]
    [InlineData(new[] { "--domain", "example.com", "--serial", "SN", "--conveyed-information", "ci", "--ownership-voucher", "ov" }, "--ownership-voucher needs --owner-certificate.")]
    [InlineData(new[] { "--domain", "example.com", "--serial", "SN", "--conveyed-information", "ci", "--owner-certificate", "oc" }, "--owner-certificate needs --ownership-voucher.")]
    [InlineData(new[] { "--domain", "example.com", "--server", "192.0.2.1" }, "not an address")]
    [InlineData(new[] { "--domain", "bad..domain", "--server", "sztp.example.com" }, "not a domain name")]
    [InlineData(new[] { "--domain", "example.com", "--server", "s.example.com", "--ttl", "-1" }, "--ttl must be a whole number")]
    [InlineData(new[] { "--domain", "example.com", "--server", "s.example.com", "--owner-certificate", "oc", "--ownership-voucher", "ov" }, "--owner-certificate needs --serial.")]
    public async Task DnsRecords_BadArguments_ExitWith2(string[] args, string message)
    {
        var run = await CommandRun.RunAsync(["dns", "records", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }
}
