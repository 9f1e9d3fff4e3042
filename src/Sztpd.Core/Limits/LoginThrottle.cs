using System.Collections.Concurrent;

namespace Sztpd.Core.Limits;

/// <summary>
/// Failed-login throttling that a guesser cannot turn against the real user (docs/security.md, "Throttling"). Failures
/// are counted per account, per source address and per (account, source) pair; <c>limit</c> failures within a minute
/// block that counter for a minute, then 2, 4, ... up to an hour while the failures go on. An attempt is refused when
/// its pair is blocked, or when its account or its source is blocked and the source has not logged into that account
/// before: so a guesser elsewhere, or behind the same NAT but guessing another account, slows the guessing down
/// without locking out the user at the address they log in from. The tables are bounded: entries without a failure
/// for an hour are forgotten, and past <see cref="MaxTracked"/> keys new ones are not tracked (the other counters still apply).
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxTracked = 100_000;
    private const int KnownSourcesPerAccount = 32;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxBlock = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Counter> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), Counter> _pairs = new();
    private readonly ConcurrentDictionary<string, KnownSources> _known = new(StringComparer.Ordinal);
    private DateTimeOffset _lastSweep;

    /// <summary>How long the attempt of <paramref name="account"/> from <paramref name="source"/> must wait; null when it may proceed.</summary>
    public TimeSpan? RetryAfter(string account, string source)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(source);
        var now = time.GetUtcNow();
        var wait = Blocked(_pairs, (account, source), now);
        if (!IsKnown(account, source))
        {
            wait = Max(wait, Max(Blocked(_accounts, account, now), Blocked(_sources, source, now)));
        }
        return wait;
    }

    /// <summary>Counts a failed attempt; <paramref name="limit"/> failures within a minute block the counter.</summary>
    public void Failed(string account, string source, int limit)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(source);
        var now = time.GetUtcNow();
        if (now - _lastSweep > Window)
        {
            Sweep(now);
        }
        Count(_pairs, (account, source), now, limit);
        Count(_accounts, account, now, limit);
        Count(_sources, source, now, limit);
    }

    /// <summary>Remembers that <paramref name="source"/> logged into <paramref name="account"/>; its own failures there are forgiven.</summary>
    public void Succeeded(string account, string source)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(source);
        _pairs.TryRemove((account, source), out _);
        if (_known.Count < MaxTracked || _known.ContainsKey(account))
        {
            _known.GetOrAdd(account, _ => new KnownSources()).Add(source, time.GetUtcNow());
        }
    }

    private bool IsKnown(string account, string source) => _known.TryGetValue(account, out var k) && k.Contains(source);

    private static TimeSpan? Blocked<TKey>(ConcurrentDictionary<TKey, Counter> table, TKey key, DateTimeOffset now) where TKey : notnull =>
        table.TryGetValue(key, out var c) ? c.BlockedFor(now) : null;

    private static void Count<TKey>(ConcurrentDictionary<TKey, Counter> table, TKey key, DateTimeOffset now, int limit) where TKey : notnull
    {
        if (!table.TryGetValue(key, out var counter))
        {
            if (table.Count >= MaxTracked)
            {
                return;
            }
            counter = table.GetOrAdd(key, _ => new Counter());
        }
        counter.Fail(now, limit);
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>Forgets counters without a failure for an hour (at most once a minute), so scanners cannot grow the tables forever.</summary>
    private void Sweep(DateTimeOffset now)
    {
        _lastSweep = now;
        Forget(_accounts, now);
        Forget(_sources, now);
        Forget(_pairs, now);
    }

    private static void Forget<TKey>(ConcurrentDictionary<TKey, Counter> table, DateTimeOffset now) where TKey : notnull
    {
        foreach (var (key, counter) in table)
        {
            if (counter.Stale(now))
            {
                table.TryRemove(KeyValuePair.Create(key, counter));
            }
        }
    }

    /// <summary>One counter: failures of the last minute, and the block they caused (doubling while failures go on).</summary>
    private sealed class Counter
    {
        private readonly Queue<DateTimeOffset> _recent = new();
        private DateTimeOffset _blockedUntil;
        private DateTimeOffset _lastFailure;
        private TimeSpan _block;

        public TimeSpan? BlockedFor(DateTimeOffset now)
        {
            lock (this)
            {
                return _blockedUntil > now ? _blockedUntil - now : null;
            }
        }

        public bool Stale(DateTimeOffset now)
        {
            lock (this)
            {
                return now - _lastFailure > MaxBlock && _blockedUntil <= now;
            }
        }

        public void Fail(DateTimeOffset now, int limit)
        {
            lock (this)
            {
                if (now - _lastFailure > MaxBlock)
                {
                    _block = TimeSpan.Zero;
                }
                _lastFailure = now;
                _recent.Enqueue(now);
                while (_recent.Count > 0 && now - _recent.Peek() >= Window)
                {
                    _recent.Dequeue();
                }
                if (_recent.Count >= limit && _blockedUntil <= now)
                {
                    _block = _block == TimeSpan.Zero ? Window : TimeSpan.FromTicks(Math.Min(_block.Ticks * 2, MaxBlock.Ticks));
                    _blockedUntil = now + _block;
                    _recent.Clear();
                }
            }
        }
    }

    /// <summary>The sources an account logged in from, most recent kept.</summary>
    private sealed class KnownSources
    {
        private readonly Dictionary<string, DateTimeOffset> _sources = new(StringComparer.Ordinal);

        public bool Contains(string source)
        {
            lock (_sources)
            {
                return _sources.ContainsKey(source);
            }
        }

        public void Add(string source, DateTimeOffset now)
        {
            lock (_sources)
            {
                _sources[source] = now;
                if (_sources.Count > KnownSourcesPerAccount)
                {
                    _sources.Remove(_sources.MinBy(s => s.Value).Key);
                }
            }
        }
    }
}
