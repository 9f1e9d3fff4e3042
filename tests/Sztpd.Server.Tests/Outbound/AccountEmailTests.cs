using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Opi;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Outbound;

/// <summary>
/// The e-mails to admin accounts themselves (docs/integration.md, "Admin accounts"): the activation of new accounts
/// (preferences/sztpd-ext:authentication/account-activation) and the warnings before a password expires under
/// password-aging-timeout, after which the account may only set a new password. A real SMTP server on loopback;
/// time on sztpd's clock.
/// </summary>
public sealed partial class AccountEmailTests : IDisposable
{
    private const string NewAdmin = "new-admin@example.com";
    private readonly CalloutSetup _setup = new(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
    private readonly TempDirectory _dir = new("sztpd-accounts");

    private async Task<(OpiServer Server, ScriptProcess Smtp)> StartAsync(JsonObject authentication)
    {
        var (smtp, port) = await SmtpReceiver.StartAsync(_dir, _setup, "sztpd", "mail-secret");
        var server = await OpiServer.StartAsync((config, _) =>
        {
            _setup.AddKeys(config);
            config["wn-sztpd-1:preferences"] = JsonNode.Parse($$"""
                {"sztpd-ext:email": {"server-address": "127.0.0.1", "server-port": {{port}}, "server-ca-certs": "webhook-ca",
                  "username": "sztpd", "from": "sztpd@example.com"},
                 "sztpd-ext:authentication": {{authentication.ToJsonString()}}}
                """);
        }, smtpPassword: "mail-secret");
        return (server, smtp);
    }

    private static async Task CreateAdminAsync(OpiServer server)
    {
        using var r = await server.Admin.PostAsync($"{Running}/wn-sztpd-1:admin-accounts", Json($$"""
            {"wn-sztpd-1:admin-account": [{"email-address": "{{NewAdmin}}", "password": "$0$new-secret-1", "access": "read-only"}]}
            """));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
    }

    private static HttpClient As(OpiServer server, string user, string password)
    {
        var client = new HttpClient { BaseAddress = server.Admin.BaseAddress };
        client.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(user, password);
        return client;
    }

    private static async Task<string> LinkAsync(ScriptProcess smtp)
    {
        var mail = JsonNode.Parse(await smtp.NextLineAsync())!;
        Assert.Equal([NewAdmin], mail["to"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("sztpd: activate your administrator account", (string?)mail["subject"]);
        return LinkPattern().Match((string)mail["text"]!).Value;
    }

    /// <summary>Follows the link as a browser does: GET shows the form, whose POST activates.</summary>
    private static async Task<HttpResponseMessage> FollowAsync(string link)
    {
        using var browser = new HttpClient();
        var page = await browser.GetStringAsync(new Uri(link));
        var token = Regex.Match(page, "name=\"token\" value=\"([^\"]+)\"").Groups[1].Value;
        return await browser.PostAsync(new Uri(link.Split('?')[0]), new FormUrlEncodedContent([new("token", WebUtility.HtmlDecode(token))]));
    }

    [Fact]
    public async Task ANewAdmin_CannotLogIn_UntilItFollowsTheMailedLink()
    {
        var (server, smtp) = await StartAsync(new JsonObject { ["account-activation"] = true });
        await using var _ = server;
        using var __ = smtp;

        await CreateAdminAsync(server);
        var link = await LinkAsync(smtp);
        using var admin = As(server, NewAdmin, "new-secret-1");
        using var before = await admin.GetAsync(Running);
        var state = JsonNode.Parse(await server.Admin.GetStringAsync($"{Operational}/wn-sztpd-1:admin-accounts/admin-account={Uri.EscapeDataString(NewAdmin)}"))!;
        using var page = await new HttpClient().GetAsync(new Uri(link));
        using var stillBefore = await admin.GetAsync(Running);
        using var activated = await FollowAsync(link);
        using var after = await admin.GetAsync(Running);
        using var again = await FollowAsync(link);

        Assert.StartsWith($"http://127.0.0.1:{server.NbiPort}/activate-account?token=", link, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Contains("is not activated yet", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var entry = state["wn-sztpd-1:admin-account"]![0]!;
        Assert.Equal(Sztpd.Core.Datastore.RunningDatastore.Timestamp(server.Process.Time.GetUtcNow().AddHours(72)), (string?)entry["sztpd-ext:activation-expires"]);
        Assert.NotNull(entry["password-last-modified"]);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stillBefore.StatusCode); // a mail scanner's GET activates nothing
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var audit = await server.AuditLogAsync();
        Assert.Contains($"Activated admin {NewAdmin}.", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(link.Split("token=")[1], audit, StringComparison.Ordinal);
        var outbox = await server.Admin.GetStringAsync($"{Operational}/sztpd-ext:outbox");
        Assert.DoesNotContain(link.Split("token=")[1], outbox, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredLink_ActivatesNothing_AndSettingThePasswordSendsANewOne()
    {
        var (server, smtp) = await StartAsync(new JsonObject { ["account-activation"] = true });
        await using var _ = server;
        using var __ = smtp;
        var mark = server.Process.OutputMark;
        await CreateAdminAsync(server);
        var first = await LinkAsync(smtp);
        // The clock moves only once the mail is done: moving it during the SMTP session would time the session out.
        await server.Process.WaitForOutputAsync($"(account-email for {NewAdmin}) delivered on attempt 1", mark);

        server.Process.Time.Advance(TimeSpan.FromHours(73));
        using var expired = await FollowAsync(first);
        using var set = await server.Admin.PutAsync($"{Running}/wn-sztpd-1:admin-accounts/admin-account={Uri.EscapeDataString(NewAdmin)}/password",
            Json("""{"wn-sztpd-1:password": "$0$new-secret-2"}"""));
        var second = await LinkAsync(smtp);
        using var activated = await FollowAsync(second);
        using var admin = As(server, NewAdmin, "new-secret-2");
        using var after = await admin.GetAsync(Running);

        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AccountActivation_WithoutEmail_IsRefused()
    {
        await using var server = await OpiServer.StartAsync();

        using var r = await server.Admin.PatchAsync(Running, Json("""
            {"wn-sztpd-1:preferences": {"sztpd-ext:authentication": {"account-activation": true}}}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("account-activation needs preferences/sztpd-ext:email to send the activation links.", (string?)(await ErrorAsync(r))["error-message"]);
    }

    /// <summary>
    /// Under a 30-day aging policy the admin is warned (notification log and a mail to itself) and, once expired, may
    /// only set its own password: everything else is 403 saying so; the new password gives it its access back.
    /// </summary>
    [Fact]
    public async Task AnAgedPassword_DeactivatesTheAccount_WhichMayOnlySetANewOne()
    {
        var (server, smtp) = await StartAsync(new JsonObject { ["password-aging-timeout"] = 30 });
        await using var _ = server;
        using var __ = smtp;
        var self = $"{Running}/wn-sztpd-1:admin-accounts/admin-account={Uri.EscapeDataString(OpiTemplate.AdminEmail)}/password";

        var mark = server.Process.OutputMark;
        server.Process.Time.Advance(TimeSpan.FromDays(31));
        await server.Process.WaitForOutputAsync($"expiry scan up to {Sztpd.Core.Datastore.RunningDatastore.Timestamp(server.Process.Time.GetUtcNow())}", mark);
        var warning = JsonNode.Parse(await smtp.NextLineAsync())!;
        using var refused = await server.Admin.GetAsync(Running);
        using var metrics = await server.Admin.GetAsync("/metrics");
        using var set = await server.Admin.PatchAsync(self, Json("""{"wn-sztpd-1:password": "$0$a-new-password"}"""));
        using var renewed = As(server, OpiTemplate.AdminEmail, "a-new-password");
        using var after = await renewed.GetAsync($"{Operational}/sztpd-ext:notification-log");

        Assert.Equal([OpiTemplate.AdminEmail], warning["to"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("sztpd: your administrator password expired", (string?)warning["subject"]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("may do nothing but set a new one", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var events = JsonNode.Parse(await after.Content.ReadAsStringAsync())!["sztpd-ext:notification-log"]!["log-entry"]!.AsArray();
        var record = Assert.Single(events)!;
        Assert.Equal(("password-expired", $"admin-account \"{OpiTemplate.AdminEmail}\" password"), ((string?)record["event"], (string?)record["subject"]));
    }

    /// <summary>A read-only admin may set its own password, and nobody else's.</summary>
    [Fact]
    public async Task AnyAdmin_MaySetItsOwnPassword_OnlyItsOwn()
    {
        await using var server = await OpiServer.StartAsync();
        await CreateAdminAsync(server);
        using var readOnly = As(server, NewAdmin, "new-secret-1");

        using var other = await readOnly.PutAsync($"{Running}/wn-sztpd-1:admin-accounts/admin-account={Uri.EscapeDataString(OpiTemplate.AdminEmail)}/password",
            Json("""{"wn-sztpd-1:password": "$0$taken-over"}"""));
        using var access = await readOnly.PutAsync($"{Running}/wn-sztpd-1:admin-accounts/admin-account={Uri.EscapeDataString(NewAdmin)}/access",
            Json("""{"wn-sztpd-1:access": "unrestricted"}"""));
        using var own = await readOnly.PutAsync($"{Running}/wn-sztpd-1:admin-accounts/admin-account={Uri.EscapeDataString(NewAdmin)}/password",
            Json("""{"wn-sztpd-1:password": "$0$changed-by-me"}"""));
        using var changed = As(server, NewAdmin, "changed-by-me");
        using var read = await changed.GetAsync(Running);

        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, access.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    public void Dispose()
    {
        _setup.Dispose();
        _dir.Dispose();
    }

    [GeneratedRegex(@"https?://\S+/activate-account\?token=[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
