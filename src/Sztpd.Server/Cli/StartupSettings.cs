using System.Net;

namespace Sztpd.Server.Cli;

/// <summary>Settings read from the environment at every start (docs/configuration.md lists them).</summary>
internal sealed record StartupSettings(string InitAddress, int InitPort, long MaxBodySize)
{
    public const long DefaultMaxBodySize = 32 * 1024 * 1024;

    public static StartupSettings FromEnvironment()
    {
        var address = Env("SZTPD_INIT_ADDR") ?? Env("SZTPD_DEFAULT_ADDR") ?? "127.0.0.1";
        if (!IPAddress.TryParse(address, out _))
        {
            throw new UserError($"SZTPD_INIT_ADDR \"{address}\" is not an IP address.");
        }
        var portText = Env("SZTPD_INIT_PORT") ?? Env("SZTPD_DEFAULT_PORT") ?? "8080";
        if (!int.TryParse(portText, out var port) || port is < 1 or > 65535)
        {
            throw new UserError($"SZTPD_INIT_PORT \"{portText}\" must be an integer between 1 and 65535.");
        }
        var bodyText = Env("SZTPD_MAX_BODY_SIZE") ?? DefaultMaxBodySize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!long.TryParse(bodyText, out var body) || body < 1024)
        {
            throw new UserError($"SZTPD_MAX_BODY_SIZE \"{bodyText}\" must be a number of bytes, at least 1024.");
        }
        return new(address, port, body);
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
