namespace Sztpd.Core.Configuration;

/// <summary><c>preferences/sztpd-ext:authentication</c>, with its defaults.</summary>
public sealed record AuthenticationPreferences(int MinimumPasswordLength = 0, int MaxFailedLoginsPerMinute = 10);
