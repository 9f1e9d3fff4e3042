using System.Diagnostics;

namespace Sztpd.Testing;

/// <summary>Runs the <c>openssl</c> command line, the independent checker of what the project signs and encodes.</summary>
public static class OpenSsl
{
    public static (int ExitCode, string Output, string Error) Run(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
