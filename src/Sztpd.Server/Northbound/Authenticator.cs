using System.Collections.Concurrent;
using Sztpd.Core.Configuration;
using Sztpd.Pki.Passwords;

namespace Sztpd.Server.Northbound;

/// <summary>The admin a request runs as, or why it was refused (audit comment, status).</summary>
internal sealed record AuthOutcome(string? Admin, string Access, int Status, string? Comment)
{
    public bool Succeeded => Status == 0;
}

/// <summary>
/// HTTP Basic authentication of admin accounts (installation guide 2.4.1): none needed until the first admin
/// exists; failed logins are rate-limited per source address.
/// </summary>
internal sealed class Authenticator(TimeProvider time)
{
    private readonly CryptCache _crypt = new();
    private DateTimeOffset _lastSweep;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    public AuthOutcome Authenticate(HttpContext ctx, RunningConfiguration config)
    {
        var admins = config.AdminAccounts;
        if (admins.Count == 0)
        {
            return new(null, "unrestricted", 0, "No authorization required for fresh installs.");
        }
        var source = ctx.Connection.RemoteIpAddress?.ToString() ?? "";
        if (RecentFailures(source) >= config.Authentication.MaxFailedLoginsPerMinute)
        {
            return new(null, "", 429, $"Too many failed logins from {source}; try again in a minute.");
        }
        var outcome = Check(ctx, admins);
        if (!outcome.Succeeded)
        {
            if (_failures.Count > 1000 && time.GetUtcNow() - _lastSweep > TimeSpan.FromMinutes(1))
            {
                Sweep();
            }
            var q = _failures.GetOrAdd(source, _ => new Queue<DateTimeOffset>());
            lock (q)
            {
                q.Enqueue(time.GetUtcNow());
            }
        }
        return outcome;
    }

    private AuthOutcome Check(HttpContext ctx, IReadOnlyList<AdminAccount> admins)
    {
        if (BasicCredentials.Parse(ctx.Request, out var malformed) is not var (user, password))
        {
            return new(null, "", 401, malformed ? "Malformed Basic authorization header." : "No authorization specified in the HTTP header.");
        }
        var admin = admins.FirstOrDefault(a => a.EmailAddress == user);
        if (admin is null)
        {
            return new(null, "", 401, $"Unknown admin: {user}");
        }
        if (!_crypt.Verify(password, admin.Password))
        {
            return new(user, "", 401, $"Password mismatch for admin {user}");
        }
        return new(user, admin.Access, 0, null);
    }

    private int RecentFailures(string source)
    {
        if (!_failures.TryGetValue(source, out var q))
        {
            return 0;
        }
        lock (q)
        {
            var cutoff = time.GetUtcNow().AddMinutes(-1);
            while (q.Count > 0 && q.Peek() < cutoff)
            {
                q.Dequeue();
            }
            if (q.Count == 0)
            {
                _failures.TryRemove(KeyValuePair.Create(source, q));
            }
            return q.Count;
        }
    }

    /// <summary>Forgets sources whose failures are all older than a minute (at most once a minute), so scanners cannot grow the table forever.</summary>
    private void Sweep()
    {
        _lastSweep = time.GetUtcNow();
        foreach (var source in _failures.Keys)
        {
            _ = RecentFailures(source);
        }
    }
}
