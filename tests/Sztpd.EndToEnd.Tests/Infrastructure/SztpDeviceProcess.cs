using Sztpd.Testing.Processes;

namespace Sztpd.EndToEnd.Tests.Infrastructure;

/// <summary>The real <c>sztp-device</c> executable, run to completion.</summary>
public static class SztpDeviceProcess
{
    public static Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        DotnetProcess.RunToExitAsync(Path.Combine(AppContext.BaseDirectory, "sztp-device.dll"), args, timeout: TimeSpan.FromMinutes(3));
}
