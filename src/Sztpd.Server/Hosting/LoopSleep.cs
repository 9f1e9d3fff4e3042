namespace Sztpd.Server.Hosting;

/// <summary>
/// The sleep of a background loop (the outbox worker, the certificate renewer) on sztpd's clock, which <see cref="Wake"/>
/// ends early. A wake while the loop is not asleep ends its next sleep at once.
/// </summary>
internal sealed class LoopSleep(TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Ends the current (or the next) sleep.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Drops a wake that came before the next sleep (one the loop caused itself).</summary>
    public void Forget() => _wake.Wait(0);

    /// <summary>
    /// Sleeps <paramref name="delay"/>, or until a wake. The clock is read again once the timer is set: when it moved past
    /// <paramref name="until"/> meanwhile (a test's fake clock), there is no sleep; <paramref name="sleeping"/> is called
    /// before one.
    /// </summary>
    public async Task SleepAsync(TimeSpan delay, DateTimeOffset? until, CancellationToken ct, Action? sleeping = null)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timer = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, time, wait.Token);
        if (until is null || time.GetUtcNow() < until)
        {
            sleeping?.Invoke();
            await Task.WhenAny(_wake.WaitAsync(wait.Token), timer).ConfigureAwait(false);
        }
        await wait.CancelAsync().ConfigureAwait(false);
    }

    public void Dispose() => _wake.Dispose();
}
