using Microsoft.Extensions.Logging;
using Sztpd.Server.Cli;

namespace Sztpd.Server.Tests.Cli;

/// <summary>What SZTPD_LOG_LEVEL lets through, for sztpd's own events and for the web server's (Kestrel's).</summary>
public sealed class LogSettingsTests
{
    [Theory]
    [InlineData(null, false, true, true, false, true)]
    [InlineData("Warning", false, false, true, false, true)]
    [InlineData("debug", true, true, true, true, true)]
    [InlineData("none", false, false, false, false, false)]
    public void Level_DecidesWhatIsLogged(string? variable, bool ownDebug, bool ownInformation, bool ownWarning, bool kestrelInformation, bool kestrelWarning)
    {
        using var loggers = LogSettings.Parse(variable, null).CreateFactory();
        var own = loggers.CreateLogger("Sztpd.Server");
        var kestrel = loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");

        Assert.Equal(ownDebug, own.IsEnabled(LogLevel.Debug));
        Assert.Equal(ownInformation, own.IsEnabled(LogLevel.Information));
        Assert.Equal(ownWarning, own.IsEnabled(LogLevel.Warning));
        Assert.Equal(kestrelInformation, kestrel.IsEnabled(LogLevel.Information));
        Assert.Equal(kestrelWarning, kestrel.IsEnabled(LogLevel.Warning));
    }
}
