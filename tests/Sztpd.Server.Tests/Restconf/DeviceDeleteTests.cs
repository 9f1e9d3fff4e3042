using System.Net;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Restconf;

/// <summary>Deleting one device ends its lifecycle: its bootstrapping log goes with it, in the same edit.</summary>
public sealed class DeviceDeleteTests
{
    [Fact]
    public async Task DeleteDevice_RemovesItsBootstrappingLog_AndOnlyItsOwn()
    {
        await using var s = await OpiServer.StartAsync();
        var input = Json(TestData.OpiData("opiproject-sztp/requests", "get-bootstrapping-data.input.json"));
        using (var third = s.Third())
        {
            using var r = await third.PostAsync(Gbd, input);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            // A progress report is answered once it (and what the device sent before it) is in the log.
            using var progress = await third.PostAsync(Rp, Json(TestData.OpiData("opiproject-sztp/requests", "report-progress.input.json")));
            Assert.Equal(HttpStatusCode.NoContent, progress.StatusCode);
        }
        var device = await s.Admin.GetStringAsync($"{Running}/wn-sztpd-1:devices/device=third-serial-number");
        Assert.Equal(2, (await s.BootstrappingLogAsync("third-serial-number")).Count);

        using (var delete = await s.Admin.DeleteAsync($"{Running}/wn-sztpd-1:devices/device=third-serial-number"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        using (var gone = await s.Admin.GetAsync($"{Operational}/wn-sztpd-1:devices/device=third-serial-number/bootstrapping-log"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        using (var again = await s.Admin.PostAsync($"{Running}/wn-sztpd-1:devices", Json(device)))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }

        using var log = await s.Admin.GetAsync($"{Operational}/wn-sztpd-1:devices/device=third-serial-number/bootstrapping-log");
        var text = await log.Content.ReadAsStringAsync();
        Assert.DoesNotContain("get-bootstrapping-data-event", text, StringComparison.Ordinal);
        Assert.DoesNotContain("report-progress-event", text, StringComparison.Ordinal);
    }
}
