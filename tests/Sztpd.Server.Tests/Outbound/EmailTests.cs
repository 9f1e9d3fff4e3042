using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Outbound;

/// <summary>
/// Notifications by e-mail (preferences/sztpd-ext:email) through a real SMTP server on loopback (Debian's
/// python3-aiosmtpd, tests/data/smtp-receiver.py) demanding STARTTLS and authentication; through the outbox.
/// </summary>
public sealed class EmailTests : IDisposable
{
    private readonly CalloutSetup _setup = new(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
    private readonly TempDirectory _dir = new("sztpd-smtp");

    private static JsonObject Email(int port, string? username = "sztpd") => JsonNode.Parse($$"""
        {"server-address": "127.0.0.1", "server-port": {{port}}, "security": "starttls", "server-ca-certs": "webhook-ca",
         {{(username is null ? "" : $"\"username\": \"{username}\",")}} "from": "sztpd@example.com", "notify": ["ops@example.com", "noc@example.com"]}
        """)!.AsObject();

    private Task<OpiServer> StartAsync(int port, string? password) => OpiServer.StartAsync((config, _) =>
    {
        _setup.AddKeys(config);
        config["wn-sztpd-1:preferences"] = new JsonObject { ["sztpd-ext:email"] = Email(port) };
    }, smtpPassword: password);

    private static async Task ReportErrorAsync(OpiServer server)
    {
        using var device = server.Third();
        using var r = await device.PostAsync(Rp, Json("""{"ietf-sztp-bootstrap-server:input": {"progress-type": "bootstrap-error", "message": "image hash mismatch"}}"""));
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
    }

    [Fact]
    public async Task ABootstrapError_IsMailedToTheNotifyAddresses_OverStartTls_Authenticated()
    {
        var (smtp, port) = await SmtpReceiver.StartAsync(_dir, _setup, "sztpd", "mail-secret");
        using var _ = smtp;
        await using var server = await StartAsync(port, "mail-secret");

        await ReportErrorAsync(server);
        var mail = JsonNode.Parse(await smtp.NextLineAsync())!;

        Assert.Equal("sztpd@example.com", (string?)mail["from"]);
        Assert.Equal(["ops@example.com", "noc@example.com"], mail["to"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("sztpd: bootstrap-error on device third-serial-number", (string?)mail["subject"]);
        Assert.Contains("The device said: image hash mismatch", (string?)mail["text"], StringComparison.Ordinal);
        Assert.Equal((true, "sztpd"), ((bool)mail["tls"]!, (string?)mail["user"]));
    }

    /// <summary>A wrong password is the SMTP server's refusal: the mail stays in the outbox, tried again later, with the reason logged.</summary>
    [Fact]
    public async Task AWrongPassword_KeepsTheMailForLater_SayingWhy()
    {
        var (smtp, port) = await SmtpReceiver.StartAsync(_dir, _setup, "sztpd", "mail-secret");
        using var _ = smtp;
        await using var server = await StartAsync(port, "not-the-secret");
        var mark = server.Process.OutputMark;

        await ReportErrorAsync(server);

        await server.Process.WaitForOutputAsync("(email for third-serial-number) not delivered on attempt 1", mark);
        var outbox = JsonNode.Parse(await server.Admin.GetStringAsync($"{Operational}/sztpd-ext:outbox"))!["sztpd-ext:outbox"]!;
        Assert.Equal("1", (string?)outbox["pending"]);
        Assert.DoesNotContain(server.Process.Logs.GetSnapshot(), l => l.Message.Contains("not-the-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AUsernameWithoutAPasswordFile_IsRefused()
    {
        await using var server = await OpiServer.StartAsync((config, _) => _setup.AddKeys(config));

        using var r = await server.Admin.PatchAsync(Running, Json(new JsonObject { ["wn-sztpd-1:preferences"] = new JsonObject { ["sztpd-ext:email"] = Email(25) } }));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.StartsWith("email/username needs a password", (string?)(await ErrorAsync(r))["error-message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressThatIsNotOne_IsRefused_NamingIt()
    {
        await using var server = await OpiServer.StartAsync((config, _) => _setup.AddKeys(config));
        var email = Email(25, username: null);
        email["notify"] = new JsonArray("ops@example.com", "not an address");

        using var r = await server.Admin.PatchAsync(Running, Json(new JsonObject { ["wn-sztpd-1:preferences"] = new JsonObject { ["sztpd-ext:email"] = email } }));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("email/notify \"not an address\" is not an e-mail address.", (string?)(await ErrorAsync(r))["error-message"]);
    }

    public void Dispose()
    {
        _setup.Dispose();
        _dir.Dispose();
    }
}
