using System.Diagnostics;

namespace Sztpd.Pki.Tests;

/// <summary>Runs the <c>openssl</c> command line for cross-checks; tests skip when it is missing.</summary>
internal static class OpenSsl
{
    private static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            return Run(["version"]).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public static void SkipIfMissing()
    {
        if (!Available.Value)
        {
            Assert.Skip("openssl is not installed.");
        }
    }

    public static (int ExitCode, string Output, string Error) Run(IEnumerable<string> arguments)
    {
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
