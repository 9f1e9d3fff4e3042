using Microsoft.Extensions.Logging.Console;

namespace Sztpd.Server.Cli;

/// <summary>Where and how much <c>sztpd</c> logs: <c>SZTPD_LOG_LEVEL</c> and <c>SZTPD_LOG_FORMAT</c> (docs/configuration.md, "Logging").</summary>
internal sealed record LogSettings(LogLevel Level, bool Json)
{
    public static LogSettings FromEnvironment() =>
        Parse(Environment.GetEnvironmentVariable("SZTPD_LOG_LEVEL"), Environment.GetEnvironmentVariable("SZTPD_LOG_FORMAT"));

    /// <summary>The settings the two variables' values name (unset or empty: information, text); throws <see cref="UserError"/>.</summary>
    public static LogSettings Parse(string? level, string? format)
    {
        var levelText = string.IsNullOrEmpty(level) ? "information" : level.ToLowerInvariant();
        var levels = Enum.GetNames<LogLevel>().Select(n => n.ToLowerInvariant()).ToList();
        if (!levels.Contains(levelText))
        {
            throw new UserError($"SZTPD_LOG_LEVEL \"{levelText}\" must be one of {string.Join(", ", levels)}.");
        }
        var formatText = string.IsNullOrEmpty(format) ? "text" : format.ToLowerInvariant();
        if (formatText is not ("text" or "json"))
        {
            throw new UserError($"SZTPD_LOG_FORMAT \"{formatText}\" must be text or json.");
        }
        return new(Enum.Parse<LogLevel>(levelText, ignoreCase: true), formatText == "json");
    }

    /// <summary>
    /// Console logging on stdout: one line per event with a UTC timestamp, or one JSON object per event for log shippers.
    /// At the default level (Information) the web server's own events start at Warning; at any other, at the level asked for.
    /// </summary>
    public ILoggerFactory CreateFactory() => LoggerFactory.Create(b =>
    {
        b.SetMinimumLevel(Level);
        b.AddFilter("Microsoft", Level == LogLevel.Information ? LogLevel.Warning : Level);
        if (Json)
        {
            b.AddJsonConsole(o => { o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; });
        }
        else
        {
            b.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    });
}
