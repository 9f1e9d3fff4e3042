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
        using (var r = await third.PostAsync(Gbd, input))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        var device = await s.Admin.GetStringAsync($"{Running}/wn-sztpd-1:devices/device=third-serial-number");
        Assert.Single(await s.BootstrappingLogAsync("third-serial-number"));

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
        Assert.DoesNotContain("get-bootstrapping-data-event", await log.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
