using System.Net;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Hardening;

/// <summary>Wrong activation codes are throttled per serial number and source; an overlong one is refused unhashed (issue 15).</summary>
public sealed class ActivationCodeThrottleTests
{
    private const string Serial = "third-serial-number";

    [Fact]
    public async Task GuessingADevicesActivationCode_IsThrottled_WithoutLockingTheDeviceOut()
    {
        await using var s = await OpiServer.StartAsync();
        using var device = s.Third();
        await AssertStatusAsync(device, HttpStatusCode.OK);
        using var guesser = FromAddress.Https("127.0.0.2", s.SbiPort, [s.Pki.SbiRoot.Certificate, s.Pki.SbiIntermediate1.Certificate], null);
        guesser.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(Serial, "guess");
        for (var i = 0; i < 10; i++)
        {
            await AssertStatusAsync(guesser, HttpStatusCode.Unauthorized);
        }
        using (var refused = await guesser.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("access-denied", (string?)(await ErrorAsync(refused))["error-tag"]);
        }
        await AssertStatusAsync(device, HttpStatusCode.OK);
        await s.Process.LogsSettledAsync();
        Assert.Contains($"Too many wrong activation codes for serial number {Serial} or from 127.0.0.2; try again in 60 s.", await s.AuditLogAsync());
    }

    [Fact]
    public async Task AnOverlongActivationCode_IsRefusedBeforeAnythingIsLookedUp()
    {
        await using var s = await OpiServer.StartAsync();
        using var device = s.Device(s.Pki.Devices[Serial].ToTlsCertificate(), Serial, new string('c', 22 * 1024));
        using var r = await device.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}"));
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("Basic realm=\"sztpd\", charset=\"UTF-8\"", r.Headers.WwwAuthenticate.ToString());
        await s.Process.LogsSettledAsync();
        Assert.Contains("Device provided Basic credentials longer than the limits (user name 256, password 256 characters).", await s.AuditLogAsync());
    }

    private static async Task AssertStatusAsync(HttpClient client, HttpStatusCode expected)
    {
        using var r = await client.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}"));
        Assert.Equal(expected, r.StatusCode);
    }
}
