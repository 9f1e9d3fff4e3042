using System.Net;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Restconf;

/// <summary>Stop sztpd, start it again on the same database: everything is as it was, with no prompts.</summary>
public sealed class PersistenceTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Restart_OnSameDatabase_KeepsConfigurationWithoutPrompts(string kind)
    {
        using var dir = new TempDirectory();
        var url = Databases.NewUrl(kind, dir.Path);
        string before;
        int port;
        await using (var first = await ConfiguredServer.StartAsync(url))
        {
            using var post = await first.Client.PostAsync(Running + "/wn-sztpd-1:device-types",
                Json("{\"wn-sztpd-1:device-type\": [{\"name\": \"added-after-put\"}]}"));
            Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            before = await first.RunningJsonAsync();
            port = first.Process.Port;
            Assert.Equal(0, await first.Process.StopAsync());
        }
        var noInit = new Dictionary<string, string?> { ["SZTPD_ACCEPT_CONTRACT"] = null, ["SZTPD_INIT_MODE"] = null };
        await using var second = await SztpdProcess.StartAsync(url, port, noInit);
        second.UseBasic(Admin, Password);
        using var get = await second.Client.GetAsync(Running);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(before, await get.Content.ReadAsStringAsync());
        Assert.Contains("added-after-put", before);
        Assert.Contains("first-serial-number", before);
    }
}
