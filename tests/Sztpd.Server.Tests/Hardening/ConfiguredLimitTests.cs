using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Core.Limits;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Hardening;

/// <summary>The limits an operator sets (SZTPD_MAX_KEY_LENGTH, SZTPD_MAX_HEADERS_SIZE) are the ones enforced.</summary>
public sealed class ConfiguredLimitTests
{
    [Fact]
    public async Task AListKeyLongerThanTheConfiguredLimit_Is400_AndOneAtTheLimitIsCreated()
    {
        await using var s = await ConfiguredServer.StartAsync(limits: new InputLimits { MaxKeyLength = 64 });
        using var tooLong = await s.Client.PostAsync(Running + "/wn-sztpd-1:devices", Json(Device(new string('s', 65))));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("list keys are at most 64", (string?)(await ErrorAsync(tooLong))["error-message"], StringComparison.Ordinal);
        using var atLimit = await s.Client.PostAsync(Running + "/wn-sztpd-1:devices", Json(Device(new string('s', 64))));
        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
    }

    [Fact]
    public async Task HeadersLargerThanTheConfiguredSize_AreRefusedWith431()
    {
        await using var s = await ConfiguredServer.StartAsync(limits: new InputLimits { MaxHeadersSize = 16 * 1024 });
        using var request = new HttpRequestMessage(HttpMethod.Get, Running);
        request.Headers.Add("X-Padding", new string('p', 20 * 1024));
        using var r = await s.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, r.StatusCode);
        using var small = await s.Client.GetAsync(Running);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    private static JsonObject Device(string serial) => new()
    {
        ["wn-sztpd-1:device"] = new JsonArray(new JsonObject { ["serial-number"] = serial, ["device-type"] = "my-device-type" }),
    };
}
