namespace Sztpd.Core.Limits;

/// <summary>
/// How long the audit log and the bootstrapping logs keep their entries: pruned by age, then by count, oldest first
/// (docs/security.md has the arithmetic behind the defaults).
/// </summary>
public sealed record LogRetention
{
    public TimeSpan AuditMaxAge { get; init; } = TimeSpan.FromDays(90);

    public long AuditMaxEntries { get; init; } = 1_000_000;

    public TimeSpan BootstrappingMaxAge { get; init; } = TimeSpan.FromDays(90);

    /// <summary>The newest entries kept of each device's bootstrapping log.</summary>
    public long BootstrappingMaxEntriesPerDevice { get; init; } = 100;

    /// <summary>How often the logs are pruned.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(10);

    public static LogRetention Default { get; } = new();
}
