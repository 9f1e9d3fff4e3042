using System.Net;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Observability;

/// <summary>The meters are process-wide: these tests run alone, so what moves between two scrapes is theirs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}

/// <summary>
/// What a Prometheus scraper and an operator see on <c>/metrics</c>: only an authenticated admin on the native interface
/// reads it, and it counts requests, device bootstraps, group commits and database errors, labelled without paths or
/// serial numbers.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests
{
    private static readonly (string, string)[] Device2xx = [("interface", "rfc8572-interface"), ("status_class", "2xx")];
    private static readonly (string, string)[] Native2xx = [("interface", "native-interface"), ("status_class", "2xx")];

    private static async Task<Exposition> ScrapeAsync(HttpClient admin)
    {
        using var r = await admin.GetAsync("/metrics");
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("text/plain", r.Content.Headers.ContentType?.MediaType);
        return new Exposition(text);
    }

    [Fact]
    public async Task AfterADeviceBootstrapsAndAnAdminReads_TheCountersHaveMoved()
    {
        await using var s = await OpiServer.StartAsync();
        await s.Process.LogsSettledAsync();
        var before = await ScrapeAsync(s.Admin);
        using var device = s.Third();

        using (var gbd = await device.PostAsync(Gbd, Json(TestData.OpiData("opiproject-sztp/requests", "get-bootstrapping-data.input.json"))))
        {
            Assert.Equal(HttpStatusCode.OK, gbd.StatusCode);
        }
        using (var progress = await device.PostAsync(Rp, Json(TestData.OpiData("opiproject-sztp/requests", "report-progress.input.json"))))
        {
            Assert.Equal(HttpStatusCode.NoContent, progress.StatusCode);
        }
        using (var read = await s.Admin.GetAsync(Running))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        await s.Process.LogsSettledAsync();
        var after = await ScrapeAsync(s.Admin);

        double Moved(string name, params (string, string)[] labels) => after[name, labels] - before[name, labels];
        Assert.Equal(2, Moved("sztpd_requests_total", Device2xx));
        Assert.Equal(2, Moved("sztpd_request_duration_seconds_count", Device2xx));
        Assert.Equal(2, Moved("sztpd_request_duration_seconds_bucket", [.. Device2xx, ("le", "+Inf")]));
        // The admin's read, and the first scrape (counted once answered).
        Assert.Equal(2, Moved("sztpd_requests_total", Native2xx));
        Assert.Equal(1, Moved("sztpd_bootstrap_rpcs_total", ("rpc", "get-bootstrapping-data"), ("result", "onboarding-information")));
        Assert.Equal(1, Moved("sztpd_bootstrap_rpcs_total", ("rpc", "report-progress"), ("result", "bootstrap-initiated")));
        // Three writes went through the group commit (each device request's log entries, the read's audit entry), in one to three commits.
        Assert.Equal(3, Moved("sztpd_group_commit_batch_size_sum"));
        Assert.InRange(Moved("sztpd_group_commit_batch_size_count"), 1, 3);
        Assert.Equal("counter", after.TypeOf("sztpd_requests_total"));
        Assert.Equal("counter", after.TypeOf("sztpd_bootstrap_rpcs_total"));
        Assert.Equal("histogram", after.TypeOf("sztpd_request_duration_seconds"));
        Assert.Equal("histogram", after.TypeOf("sztpd_group_commit_batch_size"));
        Assert.DoesNotContain("third-serial-number", after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/restconf", after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutCredentials_Is401_AndAudited_WhileAnyAdmin_ReadsThemUnaudited()
    {
        await using var s = await ProbedServer.StartAsync();
        using var reader = new HttpClient { BaseAddress = s.Native.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = BasicAuthentication.Header("reader@example.com", "reader-secret");

        using var anonymous = await s.Native.GetAsync("/metrics");
        using var readOnly = await reader.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain("sztpd_", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, readOnly.StatusCode);
        Assert.Equal("counter", new Exposition(await readOnly.Content.ReadAsStringAsync()).TypeOf("sztpd_requests_total"));
        // Only the refusal is in the audit log: a scraper's reads every few seconds would crowd out everything else.
        Assert.Single(await s.AuditedPathsAsync(), p => p == "/metrics");
    }

    [Fact]
    public async Task OnTheDeviceListener_AreNotServed_AndARefusedDeviceIsCounted()
    {
        await using var s = await ProbedServer.StartAsync();
        var before = await ScrapeAsync(s.AdminClient);
        using var asAdmin = new HttpClient { BaseAddress = s.Device.BaseAddress };
        asAdmin.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(Admin, Password);
        using var asDevice = new HttpClient { BaseAddress = s.Device.BaseAddress };
        asDevice.DefaultRequestHeaders.Authorization = BasicAuthentication.Header("first-serial-number", "my-secret");

        using var admin = await asAdmin.GetAsync("/metrics");
        using var device = await asDevice.GetAsync("/metrics");
        using var refused = await s.Device.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}"));
        var after = await ScrapeAsync(s.AdminClient);

        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, device.StatusCode);
        Assert.DoesNotContain("sztpd_", await device.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(1, after["sztpd_bootstrap_rpcs_total", ("rpc", "get-bootstrapping-data"), ("result", "access-denied")]
            - before["sztpd_bootstrap_rpcs_total", ("rpc", "get-bootstrapping-data"), ("result", "access-denied")]);
        Assert.Equal(3, after["sztpd_requests_total", ("interface", "rfc8572-interface"), ("status_class", "4xx")]
            - before["sztpd_requests_total", ("interface", "rfc8572-interface"), ("status_class", "4xx")]);
    }

    [Fact]
    public async Task DatabaseUnreachable_CountsAnError_AndTheProbes503()
    {
        await using var s = await ProbedServer.StartAsync();
        var before = await ScrapeAsync(s.AdminClient);

        s.Store.FailReads = true;
        using var probe = await s.Native.GetAsync("/readyz");
        s.Store.FailReads = false;
        var after = await ScrapeAsync(s.AdminClient);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, probe.StatusCode);
        Assert.Equal(1, after["sztpd_database_errors_total", ("operation", "read")] - before["sztpd_database_errors_total", ("operation", "read")]);
        Assert.Equal(1, after["sztpd_requests_total", ("interface", "native-interface"), ("status_class", "5xx")]
            - before["sztpd_requests_total", ("interface", "native-interface"), ("status_class", "5xx")]);
    }
}
