using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Storage;

namespace Sztpd.Core.Accounts;

/// <summary>
/// One admin account's state beside its configuration: when its password was set, and while it waits for activation
/// the SHA-256 of the token its link carries (never the token) and when the link stops working.
/// </summary>
public sealed record AccountState(DateTimeOffset PasswordLastModified, string? ActivationTokenHash = null, DateTimeOffset? ActivationExpires = null);

/// <summary>
/// The admin accounts' state (docs/integration.md, "Admin accounts"), kept in one meta value written in the commit of
/// the edit that changes it: <c>password-last-modified</c> for password aging, and the pending activations of new
/// accounts, whose e-mails go out through the outbox in that same commit. Immutable: a change gives a new one.
/// </summary>
public sealed class AccountStates
{
    /// <summary>The meta key of the state.</summary>
    public const string Meta = "admin-accounts-state";

    /// <summary>How long an activation link works.</summary>
    public static readonly TimeSpan ActivationLifetime = TimeSpan.FromHours(72);

    /// <summary>The outbox kind of account e-mails: sent as any e-mail, their text withheld from the outbox's view (a link is a secret).</summary>
    public const string EmailKind = "account-email";

    /// <summary>The path of the activation page on native-interface endpoints.</summary>
    public const string ActivationPath = "/activate-account";

    private readonly Dictionary<string, AccountState> _states;

    private AccountStates(Dictionary<string, AccountState> states) => _states = states;

    public static AccountStates Empty { get; } = new([]);

    public AccountState? Of(string email) => _states.GetValueOrDefault(email);

    /// <summary>Whether <paramref name="email"/> still waits for activation (an expired link still means waiting).</summary>
    public bool PendingActivation(string email) => Of(email)?.ActivationTokenHash is not null;

    /// <summary>When <paramref name="email"/>'s password expires under <paramref name="preferences"/>; null: never (or not known yet).</summary>
    public DateTimeOffset? PasswordExpires(string email, AuthenticationPreferences preferences) =>
        preferences.PasswordAgingTimeout is { } aging && Of(email) is { } state ? state.PasswordLastModified + aging : null;

    public static AccountStates Parse(string? json)
    {
        var states = new Dictionary<string, AccountState>(StringComparer.Ordinal);
        if (json is not null && JsonNode.Parse(json) is JsonObject all)
        {
            foreach (var (email, value) in all)
            {
                states[email] = new AccountState(
                    DateTimeOffset.Parse((string)value!["password-last-modified"]!, System.Globalization.CultureInfo.InvariantCulture),
                    (string?)value["activation-token-sha256"],
                    (string?)value["activation-expires"] is { } expires ? DateTimeOffset.Parse(expires, System.Globalization.CultureInfo.InvariantCulture) : null);
            }
        }
        return new(states);
    }

    public string ToJson()
    {
        var all = new JsonObject();
        foreach (var (email, s) in _states.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var value = new JsonObject { ["password-last-modified"] = Datastore.RunningDatastore.Timestamp(s.PasswordLastModified) };
            if (s.ActivationTokenHash is { } hash)
            {
                value["activation-token-sha256"] = hash;
                value["activation-expires"] = Datastore.RunningDatastore.Timestamp(s.ActivationExpires!.Value);
            }
            all[email] = value;
        }
        return all.ToJsonString();
    }

    /// <summary>
    /// The state after an edit from <paramref name="old"/> to <paramref name="config"/> at <paramref name="now"/>, and the
    /// activation e-mails it sends. A password set (a new account, or a changed hash) is modified now; an account first
    /// seen (state kept since before this version) counts from now. With <c>account-activation</c>, an account created
    /// while others exist waits for activation; setting its password again sends a new link. Without it, none waits.
    /// </summary>
    public (AccountStates States, IReadOnlyList<OutboxAppend> Outbox) AfterEdit(RunningConfiguration old, RunningConfiguration config, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(config);
        var next = new Dictionary<string, AccountState>(StringComparer.Ordinal);
        var outbox = new List<OutboxAppend>();
        var before = old.AdminAccounts.ToDictionary(a => a.EmailAddress, StringComparer.Ordinal);
        foreach (var admin in config.AdminAccounts)
        {
            var prior = before.GetValueOrDefault(admin.EmailAddress);
            var changed = prior is null || prior.Password != admin.Password;
            var state = Of(admin.EmailAddress);
            var modified = changed ? now : state?.PasswordLastModified ?? now;
            var activate = config.Authentication.AccountActivation
                && (prior is null ? before.Count > 0 : changed && state?.ActivationTokenHash is not null);
            if (activate && config.Email is not null && LinkBase(config) is { } link)
            {
                var token = Base64Url(RandomNumberGenerator.GetBytes(32));
                next[admin.EmailAddress] = new AccountState(modified, Hash(token), now + ActivationLifetime);
                outbox.Add(new OutboxAppend(admin.EmailAddress, EmailKind, "smtp", now,
                    AccountEmails.Activation(admin, $"{link}{ActivationPath}?token={token}", now + ActivationLifetime).ToJsonString()));
            }
            else
            {
                var pending = config.Authentication.AccountActivation && state?.ActivationTokenHash is not null;
                next[admin.EmailAddress] = pending ? state! with { PasswordLastModified = modified } : new AccountState(modified);
            }
        }
        // Unchanged (records compare by value): the same state, which the commit then does not write.
        var same = next.Count == _states.Count && next.All(kv => _states.TryGetValue(kv.Key, out var s) && s == kv.Value);
        return (same ? this : new AccountStates(next), outbox);
    }

    /// <summary>The state with the account whose link carries <paramref name="token"/> activated, and its address; null when no account waits for that token or its link expired.</summary>
    public (AccountStates States, string Email)? Activate(string token, DateTimeOffset now)
    {
        var hash = Hash(token);
        foreach (var (email, state) in _states)
        {
            if (state.ActivationTokenHash is { } expected
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(hash))
                && now < state.ActivationExpires)
            {
                var next = new Dictionary<string, AccountState>(_states, StringComparer.Ordinal) { [email] = new AccountState(state.PasswordLastModified) };
                return (new AccountStates(next), email);
            }
        }
        return null;
    }

    /// <summary>
    /// Where links to the native interface point: the first native-interface endpoint with an external endpoint, else
    /// the first whose local address is not a wildcard; null when there is none.
    /// </summary>
    public static string? LinkBase(RunningConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var native = config.Listeners.Where(l => l.UseFor == "wn-app:native-interface").ToList();
        if (native.FirstOrDefault(l => l.ExternalEndpoint is not null)?.ExternalEndpoint is var (address, port))
        {
            return $"https://{Host(address)}:{port}";
        }
        return native.FirstOrDefault(Addressable) is { } local
            ? $"{(local.ServerIdentity is null ? "http" : "https")}://{Host(local.Address)}:{local.Port}"
            : null;
    }

    /// <summary>Whether clients can be sent to the endpoint's own address: a port of its own and not a wildcard address.</summary>
    private static bool Addressable(ListenerEndpoint l) =>
        l.Port is not null && !(System.Net.IPAddress.TryParse(l.Address, out var ip) && (ip.Equals(System.Net.IPAddress.Any) || ip.Equals(System.Net.IPAddress.IPv6Any)));

    private static string Host(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
