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

    /// <summary>
    /// <c>openssl s_client</c> connecting to 127.0.0.1:<paramref name="port"/> with <paramref name="options"/>, sending
    /// <paramref name="input"/> (none: standard input closed at once); its exit code, standard output and standard error.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> SClientAsync(int port, string? input, params string[] options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var info = new ProcessStartInfo("openssl") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "s_client", "-connect", $"127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}" }.Concat(options))
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
        }
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
