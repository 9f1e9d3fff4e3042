using Microsoft.Extensions.Logging.Console;

namespace Sztpd.Server.Cli;

/// <summary>Where and how much <c>sztpd</c> logs: <c>SZTPD_LOG_LEVEL</c> and <c>SZTPD_LOG_FORMAT</c> (docs/configuration.md, "Logging").</summary>
internal sealed record LogSettings(LogLevel Level, bool Json)
{
    private static readonly string[] Levels = ["trace", "debug", "information", "warning", "error", "critical", "none"];

    public static LogSettings FromEnvironment()
    {
        var levelText = Environment.GetEnvironmentVariable("SZTPD_LOG_LEVEL") is { Length: > 0 } l ? l.ToLowerInvariant() : "information";
        var index = Array.IndexOf(Levels, levelText);
        if (index < 0)
        {
            throw new UserError($"SZTPD_LOG_LEVEL \"{levelText}\" must be one of {string.Join(", ", Levels)}.");
        }
        var format = Environment.GetEnvironmentVariable("SZTPD_LOG_FORMAT") is { Length: > 0 } f ? f.ToLowerInvariant() : "text";
        if (format is not ("text" or "json"))
        {
            throw new UserError($"SZTPD_LOG_FORMAT \"{format}\" must be text or json.");
        }
        return new((LogLevel)index, format == "json");
    }

    /// <summary>
    /// Console logging on stdout: one line per event with a UTC timestamp, or one JSON object per event for log shippers.
    /// The web server's own events start at Warning unless a lower level is asked for.
    /// </summary>
    public ILoggerFactory CreateFactory() => LoggerFactory.Create(b =>
    {
        b.SetMinimumLevel(Level);
        b.AddFilter("Microsoft", Level < LogLevel.Information ? Level : LogLevel.Warning);
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
