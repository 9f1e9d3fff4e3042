using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing.Pki;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Outbound;

/// <summary>
/// Expirations notified (docs/integration.md, "Notifications"): a keystore certificate, a conveyed trust anchor and a device's ownership voucher,
/// at 30, 7 and 1 days and when they expire, each moment once, found by the hourly scan on sztpd's clock.
/// </summary>
public sealed class ExpiryTests
{
    private static async Task<JsonArray> ScanAsync(OpiServer server, TimeSpan advance)
    {
        var mark = server.Process.OutputMark;
        server.Process.Time.Advance(advance);
        // The scan up to this time: one the timer started before the clock moved says an earlier one.
        await server.Process.WaitForOutputAsync($"expiry scan up to {Sztpd.Core.Datastore.RunningDatastore.Timestamp(server.Process.Time.GetUtcNow())}", mark);
        return JsonNode.Parse(await server.Admin.GetStringAsync($"{Operational}/sztpd-ext:notification-log"))!["sztpd-ext:notification-log"]!["log-entry"]!.AsArray();
    }

    [Fact]
    public async Task AKeystoreCertificate_IsNotifiedAtEachNoticeOnce_ThenWhenItExpires()
    {
        TestCredential? root = null, expiring = null;
        await using var server = await OpiServer.StartAsync((config, pki) =>
        {
            root = pki.Pki.CreateRoot("CN=Test root, O=Sztpd Test");
            expiring = root.IssueEndEntity("CN=Expiring soon, O=Sztpd Test", new TestCertificateOptions { NotAfter = pki.Pki.Now.AddDays(10).AddMinutes(30) });
            config["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]!.AsArray().Add(KeyEntry("short-lived", "short-lived-cert", expiring));
        });
        using var _ = root;
        using var __ = expiring;

        var first = await ScanAsync(server, TimeSpan.FromHours(1));
        var again = await ScanAsync(server, TimeSpan.FromHours(1));
        var week = await ScanAsync(server, TimeSpan.FromDays(3));
        var expired = await ScanAsync(server, TimeSpan.FromDays(8));

        var record = Assert.Single(first)!;
        Assert.Equal("certificate-expiring", (string?)record["event"]);
        Assert.Equal("keystore asymmetric-key \"short-lived\" certificate \"short-lived-cert\" (CN=Expiring soon, O=Sztpd Test)", (string?)record["subject"]);
        Assert.Single(again);
        Assert.Equal(["certificate-expiring", "certificate-expiring"], week.Select(r => (string?)r!["event"]));
        Assert.Equal(["certificate-expiring", "certificate-expiring", "certificate-expired"], expired.Select(r => (string?)r!["event"]));
    }

    [Fact]
    public async Task ATrustAnchorThatRedirectInformationConveys_ExpiringSoon_IsNotified()
    {
        TestCredential? anchor = null;
        await using var server = await OpiServer.StartAsync((config, pki) =>
        {
            anchor = pki.Pki.CreateRoot("CN=Next server root, O=Sztpd Test", new TestCertificateOptions { NotAfter = pki.Pki.Now.AddDays(5) });
            config["wn-sztpd-1:bootstrap-servers"] = new JsonObject
            {
                ["bootstrap-server"] = new JsonArray(new JsonObject { ["name"] = "next", ["address"] = "192.0.2.1", ["trust-anchor"] = TestPki.CmsBase64(anchor) }),
            };
        });
        using var _ = anchor;

        var record = Assert.Single(await ScanAsync(server, TimeSpan.FromHours(1)))!;
        Assert.Equal("certificate-expiring", (string?)record["event"]);
        Assert.Equal("bootstrap-server \"next\" trust-anchor (CN=Next server root, O=Sztpd Test)", (string?)record["subject"]);
    }

    [Fact]
    public async Task AnOwnershipVoucher_ExpiringSoon_IsNotifiedWithItsDevice()
    {
        var (server, owner) = await OwnerSetup.StartAsync(vouchers: o => [("short", o.Voucher(expiresOn: o.Now.AddDays(2)))]);
        await using var _ = server;
        using var __ = owner;

        var log = await ScanAsync(server, TimeSpan.FromHours(1));

        var record = Assert.Single(log)!;
        Assert.Equal(("voucher-expiring", OwnerSetup.Serial), ((string?)record["event"], (string?)record["serial-number"]));
        Assert.Equal($"device \"{OwnerSetup.Serial}\" ownership-voucher \"short\"", (string?)record["subject"]);
    }
}
