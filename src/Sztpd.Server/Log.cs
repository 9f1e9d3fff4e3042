namespace Sztpd.Server;

/// <summary>
/// Every line <c>sztpd</c> logs, with stable event ids (docs/configuration.md, "Logging"). Paths and reasons come from
/// requests and are shortened; passwords, activation codes and keys are never passed here.
/// </summary>
internal static partial class Log
{
    private const int MaxText = 200;

    [LoggerMessage(1, LogLevel.Information, "sztpd {Version}: mode {Mode}, database {Dialect}, listening on {Listeners}")]
    public static partial void Started(ILogger logger, string version, string mode, string dialect, string listeners);

    [LoggerMessage(2, LogLevel.Information, "sztpd: shutting down")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(3, LogLevel.Information, "listeners restarted: {Listeners}")]
    public static partial void ListenersRestarted(ILogger logger, string listeners);

    [LoggerMessage(4, LogLevel.Error, "listeners not restarted, the previous ones stay: {Reason}")]
    public static partial void ListenersFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5, Message = "{Method} {Path} from {Source}: {Status} {Reason}")]
    private static partial void Answered(ILogger logger, LogLevel level, string method, string path, string source, int status, string reason);

    [LoggerMessage(6, LogLevel.Error, "{Method} {Path} from {Source} failed unexpectedly (request {RequestId})")]
    private static partial void Unhandled(ILogger logger, string method, string path, string source, string requestId, Exception exception);

    [LoggerMessage(7, LogLevel.Error, "the audit entry of {Method} {Path} could not be written")]
    private static partial void AuditLost(ILogger logger, string method, string path, Exception exception);

    // Event 8 (mode x stored but not served) is retired: mode x is served.

    [LoggerMessage(9, LogLevel.Warning, "created the key file {Path}, whose key encrypts the keystore's private keys in the database: back it up apart from the database, which cannot be used without it")]
    public static partial void KeyFileCreated(ILogger logger, string path);

    [LoggerMessage(10, LogLevel.Information, "encrypted {Count} keystore private key(s) in the database under key id {KeyId} of {Path}")]
    public static partial void KeysSealed(ILogger logger, int count, string keyId, string path);

    [LoggerMessage(11, LogLevel.Warning, "the key file {Path} is readable by its group or others; make it readable by sztpd's user only (chmod 600)")]
    public static partial void KeyFileReadable(ILogger logger, string path);

    [LoggerMessage(12, LogLevel.Information, "log pruning: deleted {Audit} audit-log and {Bootstrapping} bootstrapping-log entries and {Dead} dead outbox messages")]
    public static partial void LogsPruned(ILogger logger, long audit, long bootstrapping, long dead);

    [LoggerMessage(13, LogLevel.Error, "log pruning failed; it is tried again at the next interval")]
    public static partial void LogPruningFailed(ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "configuration accepted with a warning: {Warning}")]
    public static partial void ConfigurationWarning(ILogger logger, string warning);

    /// <summary>A request answered with an error: 4xx at Information, refusals (401, 403, 429) at Warning, 5xx at Error.</summary>
    public static void Answered(ILogger logger, HttpContext ctx, string path, int status, string? reason)
    {
        var level = status switch
        {
            401 or 403 or 429 => LogLevel.Warning,
            >= 500 => LogLevel.Error,
            >= 400 => LogLevel.Information,
            _ => LogLevel.None,
        };
        if (logger.IsEnabled(level)) // never for LogLevel.None
        {
            var (shortPath, source, why) = (Shorten(path), Source(ctx), Shorten(reason ?? ""));
            Answered(logger, level, ctx.Request.Method, shortPath, source, status, why);
        }
    }

    public static void Unhandled(ILogger logger, HttpContext ctx, string path, Exception e) =>
        Unhandled(logger, ctx.Request.Method, Shorten(path), Source(ctx), ctx.TraceIdentifier, e);

    public static void AuditLost(ILogger logger, HttpContext ctx, string path, Exception e) => AuditLost(logger, ctx.Request.Method, Shorten(path), e);

    private static string Source(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "";

    /// <summary>Request-controlled text cut to <see cref="MaxText"/> characters, so a request cannot make a log line large.</summary>
    private static string Shorten(string text) => text.Length <= MaxText ? text : string.Concat(text.AsSpan(0, MaxText), "…");

    [LoggerMessage(15, LogLevel.Error, "outbox delivery failed; it is tried again at the next look")]
    public static partial void OutboxFailed(ILogger logger, Exception exception);

    [LoggerMessage(16, LogLevel.Warning, "outbox message {Id} ({Kind} for {Scope}) given up after {Attempts} attempts, kept as dead: {Reason}")]
    public static partial void OutboxDead(ILogger logger, long id, string kind, string scope, int attempts, string reason);

    [LoggerMessage(17, LogLevel.Debug, "outbox message {Id} ({Kind} for {Scope}) delivered on attempt {Attempts}")]
    public static partial void OutboxDelivered(ILogger logger, long id, string kind, string scope, int attempts);

    [LoggerMessage(18, LogLevel.Debug, "outbox message {Id} ({Kind} for {Scope}) not delivered on attempt {Attempts}, tried again at {Due}: {Reason}")]
    public static partial void OutboxRetry(ILogger logger, long id, string kind, string scope, int attempts, DateTimeOffset due, string reason);

    [LoggerMessage(19, LogLevel.Debug, "outbox: nothing more to deliver now; waiting")]
    public static partial void OutboxWaiting(ILogger logger);

    [LoggerMessage(20, LogLevel.Information, "plugin {Plugin}: {Line}")]
    public static partial void PluginOutput(ILogger logger, string plugin, string line);

    [LoggerMessage(21, LogLevel.Information, "plugin {Plugin} restarted (it exited, or its file changed)")]
    public static partial void PluginRestarted(ILogger logger, string plugin);

    [LoggerMessage(22, LogLevel.Error, "expiry scan failed; it is tried again at the next interval")]
    public static partial void ExpiryScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(23, LogLevel.Debug, "expiry scan up to {Now}: {Count} notified")]
    public static partial void ExpiryScanned(ILogger logger, string now, int count);

    [LoggerMessage(24, LogLevel.Error, "the notice of a refused device could not be written")]
    public static partial void NoticeNotWritten(ILogger logger, Exception exception);

    [LoggerMessage(25, LogLevel.Information, "managed certificates renewed{Scope}: {Keys}")]
    public static partial void CertificatesRenewed(ILogger logger, string scope, string keys);

    [LoggerMessage(26, LogLevel.Warning, "managed certificate of asymmetric-key \"{Key}\"{Scope} not renewed, tried again within the hour: {Reason}")]
    public static partial void CertificateNotRenewed(ILogger logger, string key, string scope, string reason);

    [LoggerMessage(27, LogLevel.Error, "certificate renewal failed; it is tried again within the hour")]
    public static partial void RenewalFailed(ILogger logger, Exception exception);

    [LoggerMessage(28, LogLevel.Information, "listeners updated (kept, their certificates and TLS settings replaced for the next handshakes): {Listeners}")]
    public static partial void ListenersUpdated(ILogger logger, string listeners);
}
