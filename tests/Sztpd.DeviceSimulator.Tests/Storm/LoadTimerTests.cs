using Microsoft.Extensions.Time.Testing;
using Sztpd.DeviceSimulator.Storm;

namespace Sztpd.DeviceSimulator.Tests.Storm;

public sealed class LoadTimerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_AtARate_StartsEachDeviceOnItsScheduleNotAsSoonAsASlotIsFree()
    {
        var time = new FakeTimeProvider();
        var origin = time.GetTimestamp();
        var starts = new TimeSpan[5];
        using var started = new SemaphoreSlim(0);

        // 10 devices a second, and room for all five at once: only the rate holds them back.
        var run = LoadTimer.RunAsync(5, 5, (i, _) =>
        {
            starts[i] = time.GetElapsedTime(origin);
            started.Release();
            return ValueTask.CompletedTask;
        }, Ct, rate: 10, time);

        await started.WaitAsync(Ct);
        for (var i = 1; i < 5; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await started.WaitAsync(Ct);
        }
        await run;

        Assert.Equal([.. Enumerable.Range(0, 5).Select(i => TimeSpan.FromMilliseconds(100 * i))], starts);
    }
}
