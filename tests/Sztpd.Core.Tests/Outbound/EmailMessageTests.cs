using System.Text.Json.Nodes;
using Sztpd.Core.Outbound;

namespace Sztpd.Core.Tests.Outbound;

/// <summary><see cref="EmailMessage"/>: the mail of a notification names the device, or what expires, in its subject.</summary>
public sealed class EmailMessageTests
{
    [Fact]
    public void ADevicesEvent_NamesTheDevice_AndQuotesIt()
    {
        var record = JsonNode.Parse("""{"timestamp": "2026-12-05T18:00:00Z", "event": "bootstrap-error", "serial-number": "SN-1", "source-ip": "192.0.2.7", "message": "flash full"}""")!.AsObject();

        var mail = EmailMessage.Of(["noc@example.com"], record);

        Assert.Equal("sztpd: bootstrap-error on device SN-1", (string?)mail["subject"]);
        Assert.StartsWith("sztpd: bootstrap-error on device SN-1, at 2026-12-05T18:00:00Z, from 192.0.2.7.\nThe device said: flash full\n", (string?)mail["text"], StringComparison.Ordinal);
        Assert.Equal(["noc@example.com"], mail["to"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public void AnExpiry_NamesWhatExpires_AndWhen()
    {
        var record = JsonNode.Parse("""{"timestamp": "2026-12-05T18:00:00Z", "event": "certificate-expiring", "subject": "keystore asymmetric-key \"k\" certificate \"c\" (CN=x)", "expires": "2026-12-12T00:00:00Z"}""")!.AsObject();

        var mail = EmailMessage.Of(["noc@example.com"], record);

        Assert.Equal("sztpd: certificate-expiring: keystore asymmetric-key \"k\" certificate \"c\" (CN=x)", (string?)mail["subject"]);
        Assert.StartsWith("sztpd: certificate-expiring: keystore asymmetric-key \"k\" certificate \"c\" (CN=x), at 2026-12-05T18:00:00Z; it expires at 2026-12-12T00:00:00Z.\n", (string?)mail["text"], StringComparison.Ordinal);
    }
}
