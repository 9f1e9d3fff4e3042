namespace Sztpd.Core.Outbound;

/// <summary>
/// How the outbox worker retries (docs/integration.md): a failed delivery is tried again after
/// <see cref="FirstRetry"/>, doubling up to <see cref="LongestRetry"/>, until <see cref="MaxAttempts"/> attempts have
/// failed (with the defaults, about 4 hours and 40 minutes), when the message is kept as dead.
/// </summary>
public sealed record OutboxPolicy
{
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan LongestRetry { get; init; } = TimeSpan.FromMinutes(15);

    public int MaxAttempts { get; init; } = 25;

    /// <summary>The most messages one device may have waiting; older ones are given up (kept as dead) beyond it.</summary>
    public long MaxPendingPerScope { get; init; } = 1000;

    /// <summary>How often the worker looks for due messages when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most messages read per look.</summary>
    public int Batch { get; init; } = 100;

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed ones.</summary>
    public TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks * (1L << Math.Min(attempts - 1, 30))));

    public static OutboxPolicy Default { get; } = new();
}
