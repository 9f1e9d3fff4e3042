using System.Diagnostics;
using System.Text;

namespace Sztpd.DeviceSimulator.Device;

public sealed partial class SztpDevice
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A pre- or post-configuration script: written to the output directory, and run with /bin/sh only when the device
    /// is told to (<see cref="DeviceOptions.RunScripts"/>); a non-zero exit status is an error (ietf-sztp-conveyed-info "script").
    /// </summary>
    private async Task ScriptAsync(BootstrapRun run, ProgressReporter? reporter, string which, byte[]? script, CancellationToken cancellationToken)
    {
        if (script is null)
        {
            return;
        }

        var name = $"{which}-configuration-script";
        var file = Write(run, name, script);
        if (!options.RunScripts)
        {
            run.Step($"{which}-script", $"{script.Length} bytes, not run (--run-scripts not given)" + (file is null ? "" : $"; saved as {file}"));
            return;
        }

        await (reporter?.SendAsync($"{which}-script-initiated") ?? Task.CompletedTask).ConfigureAwait(false);
        var directory = options.OutputDirectory ?? Directory.CreateTempSubdirectory("sztp-device-").FullName;
        file ??= Path.Combine(directory, name);
        if (!File.Exists(file))
        {
            await File.WriteAllBytesAsync(file, script, cancellationToken).ConfigureAwait(false);
        }

        var (code, output) = await RunShellAsync(file, directory, cancellationToken).ConfigureAwait(false);
        Write(run, name + ".log", Encoding.UTF8.GetBytes(output));
        if (code != 0)
        {
            throw new BootstrapFailure($"{which}-script", $"The {name} exited with status {code}: {Tail(output)}");
        }

        run.Step($"{which}-script", $"ran, exit status 0{(output.Length == 0 ? "" : $": {Tail(output)}")}");
        await (reporter?.SendAsync($"{which}-script-complete") ?? Task.CompletedTask).ConfigureAwait(false);
    }

    private async Task<(int Code, string Output)> RunShellAsync(string file, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(file);
        start.Environment["SZTP_SERIAL_NUMBER"] = options.Credentials.SerialNumber;
        using var process = Process.Start(start) ?? throw new BootstrapFailure("script", "/bin/sh could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(ScriptTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new BootstrapFailure("script", $"{Path.GetFileName(file)} ran longer than {ScriptTimeout.TotalMinutes:0} minutes and was stopped.");
        }

        return (process.ExitCode, (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false)));
    }

    private static string Tail(string output)
    {
        var text = output.Trim().ReplaceLineEndings(" ");
        return text.Length > 160 ? "..." + text[^160..] : text;
    }
}
