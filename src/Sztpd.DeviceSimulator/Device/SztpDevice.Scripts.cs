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
        int code;
        string output;
        if (file is not null)
        {
            (code, output) = await RunShellAsync(file, options.OutputDirectory!, cancellationToken).ConfigureAwait(false);
            Write(run, name + ".log", Encoding.UTF8.GetBytes(output));
        }
        else
        {
            // no output directory: the script runs in a temporary folder of its own, removed afterwards
            var temporary = Directory.CreateTempSubdirectory("sztp-device-");
            try
            {
                file = Path.Combine(temporary.FullName, name);
                await File.WriteAllBytesAsync(file, script, cancellationToken).ConfigureAwait(false);
                (code, output) = await RunShellAsync(file, temporary.FullName, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                temporary.Delete(recursive: true);
            }
        }

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
        using var process = Start(start);
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

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BootstrapFailure("script", $"{start.FileName} could not be started: {e.Message}");
        }
    }

    private static string Tail(string output)
    {
        var text = output.Trim().ReplaceLineEndings(" ");
        return text.Length > 160 ? "..." + text[^160..] : text;
    }
}
