using System.Net;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Hardening;

/// <summary>
/// Failed admin logins are throttled per account and per source, so that a guesser slows guessing down without
/// locking the real admin out (issue 15: the limit was per source address only).
/// </summary>
public sealed class AdminLoginThrottleTests
{
    private const int Limit = 10; // max-failed-logins-per-minute's default

    [Fact]
    public async Task GuessingFromTheAdminsAddress_AtAnotherAccount_DoesNotLockTheAdminOut()
    {
        await using var s = await ConfiguredServer.StartAsync();
        await AssertStatusAsync(s.Client, HttpStatusCode.OK);
        using var guesser = FromAddress.Http("127.0.0.1", s.Process.Port);
        guesser.DefaultRequestHeaders.Authorization = BasicAuthentication.Header("nobody@example.com", "guess");
        for (var i = 0; i < Limit; i++)
        {
            await AssertStatusAsync(guesser, HttpStatusCode.Unauthorized);
        }
        await AssertStatusAsync(guesser, HttpStatusCode.TooManyRequests);
        await AssertStatusAsync(s.Client, HttpStatusCode.OK);
    }

    [Fact]
    public async Task GuessingTheAdminsPassword_FromElsewhere_IsBlockedEverywhereButTheAdminsOwnAddress()
    {
        await using var s = await ConfiguredServer.StartAsync();
        await AssertStatusAsync(s.Client, HttpStatusCode.OK);
        using var first = FromAddress.Http("127.0.0.2", s.Process.Port);
        first.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(Admin, "guess");
        for (var i = 0; i < Limit; i++)
        {
            await AssertStatusAsync(first, HttpStatusCode.Unauthorized);
        }
        using var second = FromAddress.Http("127.0.0.3", s.Process.Port);
        second.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(Admin, Password);
        using (var refused = await second.GetAsync(Running))
        {
            // The right password from a new address waits too: the account is under attack.
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        }
        await AssertStatusAsync(s.Client, HttpStatusCode.OK);
        s.Process.Time.Advance(TimeSpan.FromSeconds(61));
        await AssertStatusAsync(second, HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheBlock_GrowsWhileTheGuessingGoesOn()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var guesser = FromAddress.Http("127.0.0.2", s.Process.Port);
        guesser.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(Admin, "guess");
        var waits = new List<TimeSpan?>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < Limit; i++)
            {
                await AssertStatusAsync(guesser, HttpStatusCode.Unauthorized);
            }
            using var r = await guesser.GetAsync(Running);
            Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
            waits.Add(r.Headers.RetryAfter?.Delta);
            s.Process.Time.Advance(r.Headers.RetryAfter!.Delta!.Value);
        }
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)], waits);
    }

    [Fact]
    public async Task A401_ChallengesForBasic_AndAnUnknownUserLooksLikeAWrongPassword()
    {
        await using var s = await ConfiguredServer.StartAsync();
        s.Process.UseBasic("nobody@example.com", "guess");
        using var unknown = await s.Client.GetAsync(Running);
        s.Process.UseBasic(Admin, "guess");
        using var wrong = await s.Client.GetAsync(Running);
        foreach (var r in new[] { unknown, wrong })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("Basic realm=\"sztpd\", charset=\"UTF-8\"", r.Headers.WwwAuthenticate.ToString());
        }
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnOverlongBasicPassword_IsRefusedWithoutBeingHashed_AndAudited()
    {
        await using var s = await ConfiguredServer.StartAsync();
        s.Process.UseBasic(Admin, new string('p', 22 * 1024));
        await AssertStatusAsync(s.Client, HttpStatusCode.Unauthorized);
        s.Process.UseBasic(Admin, Password);
        await s.Process.LogsSettledAsync();
        using var log = await s.Client.GetAsync(Operational + "/wn-sztpd-1:audit-log");
        Assert.Contains("Basic credentials longer than the limits (user name 320, password 256 characters).", await log.Content.ReadAsStringAsync());
    }

    private static async Task AssertStatusAsync(HttpClient client, HttpStatusCode expected)
    {
        using var r = await client.GetAsync(Running);
        Assert.Equal(expected, r.StatusCode);
    }
}
