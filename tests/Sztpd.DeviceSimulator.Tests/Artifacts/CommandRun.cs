using Sztpd.DeviceSimulator.Cli;

namespace Sztpd.DeviceSimulator.Tests.Artifacts;

/// <summary>One run of <c>sztp-device</c> through <see cref="Commands.RunAsync"/>: exit status and both streams.</summary>
internal sealed record CommandRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CommandRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Commands.RunAsync(args, stdout, stderr, CancellationToken.None);
        return new CommandRun(code, stdout.ToString(), stderr.ToString());
    }
}
