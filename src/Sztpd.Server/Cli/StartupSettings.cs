using System.Globalization;
using System.Net;
using Sztpd.Core.Limits;

namespace Sztpd.Server.Cli;

/// <summary>Settings read from the environment at every start (docs/configuration.md lists them).</summary>
internal sealed record StartupSettings(string InitAddress, int InitPort, long MaxBodySize)
{
    public const long DefaultMaxBodySize = 32 * 1024 * 1024;

    /// <summary>What one request may cost (SZTPD_MAX_*).</summary>
    public InputLimits Limits { get; init; } = InputLimits.Default;

    /// <summary>How long logs are kept (SZTPD_*_LOG_*).</summary>
    public LogRetention Retention { get; init; } = LogRetention.Default;

    /// <summary>The folder of plugin executables (SZTPD_PLUGINS_DIR); null: no plugins.</summary>
    public string? PluginsDirectory { get; init; }

    /// <summary>The SMTP password, read from the file SZTPD_SMTP_PASSWORD_FILE names (its first line); null: none.</summary>
    public string? SmtpPassword { get; init; }

    /// <summary>The TSIG keys of ACME's DNS-01, read from the file SZTPD_TSIG_KEYS_FILE names (BIND's key statements); empty: none.</summary>
    public IReadOnlyDictionary<string, Outbound.Acme.TsigKey> TsigKeys { get; init; } = new Dictionary<string, Outbound.Acme.TsigKey>();

    public static StartupSettings FromEnvironment()
    {
        var address = Env("SZTPD_INIT_ADDR") ?? Env("SZTPD_DEFAULT_ADDR") ?? "127.0.0.1";
        if (!IPAddress.TryParse(address, out _))
        {
            throw new UserError($"SZTPD_INIT_ADDR \"{address}\" is not an IP address.");
        }
        var port = (int)Number("SZTPD_INIT_PORT", Env("SZTPD_INIT_PORT") is null ? Env("SZTPD_DEFAULT_PORT") : null, 8080, 1, 65535);
        var body = Number("SZTPD_MAX_BODY_SIZE", null, DefaultMaxBodySize, 1024, long.MaxValue);
        var l = InputLimits.Default;
        var limits = new InputLimits
        {
            MaxSecretLength = (int)Number("SZTPD_MAX_SECRET_LENGTH", null, l.MaxSecretLength, 16, 65536),
            MaxHashesPerEdit = (int)Number("SZTPD_MAX_HASHES_PER_EDIT", null, l.MaxHashesPerEdit, 1, int.MaxValue),
            MaxHashRounds = (int)Number("SZTPD_MAX_HASH_ROUNDS", null, l.MaxHashRounds, 5000, 999_999_999),
            MaxKeyLength = (int)Number("SZTPD_MAX_KEY_LENGTH", null, l.MaxKeyLength, 64, 65536),
            MaxNestingDepth = (int)Number("SZTPD_MAX_NESTING_DEPTH", null, l.MaxNestingDepth, 16, 1000),
            MaxHeadersSize = (int)Number("SZTPD_MAX_HEADERS_SIZE", null, l.MaxHeadersSize, 8192, 1024 * 1024),
            MaxXmlElements = (int)Number("SZTPD_MAX_XML_ELEMENTS", null, l.MaxXmlElements, 100, int.MaxValue),
            MaxDeviceBodySize = (int)Number("SZTPD_MAX_DEVICE_BODY_SIZE", null, l.MaxDeviceBodySize, 1024, int.MaxValue),
            MaxCalloutAnswerSize = (int)Number("SZTPD_MAX_CALLOUT_ANSWER_SIZE", null, l.MaxCalloutAnswerSize, 1024, int.MaxValue),
            MaxLoggedText = (int)Number("SZTPD_MAX_LOGGED_TEXT", null, l.MaxLoggedText, 64, int.MaxValue),
            MaxAnswerLogEntries = (int)Number("SZTPD_MAX_ANSWER_LOG_ENTRIES", null, l.MaxAnswerLogEntries, 100, int.MaxValue),
            MaxClientIntermediates = (int)Number("SZTPD_MAX_CLIENT_INTERMEDIATES", null, l.MaxClientIntermediates, 1, 100),
            MaxClientChainSize = (int)Number("SZTPD_MAX_CLIENT_CHAIN_SIZE", null, l.MaxClientChainSize, 1024, 1024 * 1024),
        };
        var r = LogRetention.Default;
        var retention = new LogRetention
        {
            AuditMaxAge = TimeSpan.FromDays(Number("SZTPD_AUDIT_LOG_MAX_AGE_DAYS", null, (long)r.AuditMaxAge.TotalDays, 1, 36500)),
            AuditMaxEntries = Number("SZTPD_AUDIT_LOG_MAX_ENTRIES", null, r.AuditMaxEntries, 1000, long.MaxValue),
            BootstrappingMaxAge = TimeSpan.FromDays(Number("SZTPD_BOOTSTRAPPING_LOG_MAX_AGE_DAYS", null, (long)r.BootstrappingMaxAge.TotalDays, 1, 36500)),
            BootstrappingMaxEntriesPerDevice = Number("SZTPD_BOOTSTRAPPING_LOG_MAX_ENTRIES_PER_DEVICE", null, r.BootstrappingMaxEntriesPerDevice, 10, long.MaxValue),
        };
        var plugins = Env("SZTPD_PLUGINS_DIR") is { } folder ? Path.GetFullPath(folder) : null;
        if (plugins is not null && !Directory.Exists(plugins))
        {
            throw new UserError($"SZTPD_PLUGINS_DIR names \"{plugins}\", which is not a folder.");
        }
        string? smtpPassword = null;
        if (Env("SZTPD_SMTP_PASSWORD_FILE") is { } passwordFile)
        {
            try
            {
                smtpPassword = File.ReadLines(passwordFile).FirstOrDefault() ?? "";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserError($"SZTPD_SMTP_PASSWORD_FILE names \"{passwordFile}\", which cannot be read: {e.Message}");
            }
        }
        IReadOnlyDictionary<string, Outbound.Acme.TsigKey> tsigKeys = new Dictionary<string, Outbound.Acme.TsigKey>();
        if (Env("SZTPD_TSIG_KEYS_FILE") is { } keysFile)
        {
            string text;
            try
            {
                text = File.ReadAllText(keysFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserError($"SZTPD_TSIG_KEYS_FILE names \"{keysFile}\", which cannot be read: {e.Message}");
            }
            tsigKeys = Outbound.Acme.TsigKeyFile.Parse(text, out var error) ?? throw new UserError($"SZTPD_TSIG_KEYS_FILE names \"{keysFile}\": {error}");
        }
        return new(address, port, body) { Limits = limits, Retention = retention, PluginsDirectory = plugins, SmtpPassword = smtpPassword, TsigKeys = tsigKeys };
    }

    /// <summary>The integer in variable <paramref name="name"/> (or <paramref name="fallbackText"/>, an older variable's value), else <paramref name="fallback"/>.</summary>
    private static long Number(string name, string? fallbackText, long fallback, long min, long max)
    {
        var text = Env(name) ?? fallbackText;
        if (text is null)
        {
            return fallback;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UserError(max == long.MaxValue || max == int.MaxValue
                ? $"{name} \"{text}\" must be an integer, at least {min}."
                : $"{name} \"{text}\" must be an integer between {min} and {max}.");
        }
        return value;
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
