namespace Sztpd.Core.Configuration;

/// <summary><c>preferences/sztpd-ext:authentication</c>, with its defaults.</summary>
public sealed record AuthenticationPreferences(int MinimumPasswordLength = 0, int MaxFailedLoginsPerMinute = 10)
{
    /// <summary>How long an admin password stays valid after it was set; null: forever.</summary>
    public TimeSpan? PasswordAgingTimeout { get; init; }

    /// <summary>Whether new admin accounts wait for activation by an e-mailed link.</summary>
    public bool AccountActivation { get; init; }
}
