using System.Security.Cryptography;
using Sztpd.Core.Accounts;
using Sztpd.Core.Configuration;
using Sztpd.Core.Limits;
using Sztpd.Pki.Passwords;

namespace Sztpd.Server.Northbound;

/// <summary>
/// The admin a request runs as, or why it was refused (audit comment, status, and how long to wait after a 429).
/// <see cref="Told"/>: the comment may be shown to the client (it tells nothing the client did not prove it knows).
/// </summary>
internal sealed record AuthOutcome(string? Admin, string Access, int Status, string? Comment, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => Status == 0;

    public bool Told { get; init; }

    /// <summary>The admin's password expired (<c>password-aging-timeout</c>): it may only set a new one.</summary>
    public bool PasswordExpired { get; init; }
}

/// <summary>
/// HTTP Basic authentication of admin accounts (installation guide 2.4.1): none needed until the first admin
/// exists; failed logins are throttled per account and per source (<see cref="LoginThrottle"/>); an unknown user
/// costs the same hash as a wrong password, so timing does not tell which accounts exist.
/// </summary>
internal sealed class Authenticator(TimeProvider time, InputLimits limits)
{
    /// <summary>The longest user name looked at (an e-mail address is at most 254 characters, RFC 5321).</summary>
    public const int MaxUserLength = 320;

    private static readonly string DummyHash = Sha256Crypt.Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
    private readonly CryptCache _crypt = new();
    private readonly LoginThrottle _throttle = new(time);

    public AuthOutcome Authenticate(HttpContext ctx, RunningConfiguration config, AccountStates accounts)
    {
        var admins = config.AdminAccounts;
        if (admins.Count == 0)
        {
            return new(null, "unrestricted", 0, "No authorization required for fresh installs.");
        }
        if (BasicCredentials.Parse(ctx.Request, out var malformed) is not var (user, password))
        {
            return new(null, "", 401, malformed ? "Malformed Basic authorization header." : "No authorization specified in the HTTP header.");
        }
        if (user.Length > MaxUserLength || password.Length > limits.MaxSecretLength)
        {
            return new(null, "", 401, $"Basic credentials longer than the limits (user name {MaxUserLength}, password {limits.MaxSecretLength} characters).");
        }
        var source = ctx.Connection.RemoteIpAddress?.ToString() ?? "";
        if (_throttle.RetryAfter(user, source) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            return new(null, "", 429, $"Too many failed logins for this account or from {source}; try again in {seconds} s.", wait);
        }
        var admin = admins.FirstOrDefault(a => a.EmailAddress == user);
        // An unknown user is checked against a dummy hash: the same work as a wrong password.
        if (!_crypt.Verify(password, admin?.Password ?? DummyHash) || admin is null)
        {
            _throttle.Failed(user, source, config.Authentication.MaxFailedLoginsPerMinute);
            return new(null, "", 401, admin is null ? $"Unknown admin: {user}" : $"Password mismatch for admin {user}");
        }
        _throttle.Succeeded(user, source);
        if (accounts.PendingActivation(user))
        {
            return new(null, "", 401, $"The account {user} is not activated yet: follow the link e-mailed to it (an unrestricted admin setting its password sends a new one).") { Told = true };
        }
        var now = time.GetUtcNow();
        return new(user, admin.Access, 0, null) { PasswordExpired = accounts.PasswordExpires(user, config.Authentication) <= now };
    }
}
