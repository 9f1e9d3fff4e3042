using System.Diagnostics;

namespace Sztpd.Testing.Processes;

/// <summary>
/// A script run by its interpreter (the example webhook receiver, the SMTP server of the e-mail tests) that says
/// "listening on ..." on its standard error once ready and writes one line per event on its standard output; killed
/// by its PID when disposed.
/// </summary>
public sealed class ScriptProcess : IDisposable
{
    private readonly Process _process;

    private ScriptProcess(Process process) => _process = process;

    /// <summary>Starts <paramref name="interpreter"/> with <paramref name="arguments"/>; returns once it listens.</summary>
    /// <exception cref="ToolMissingException">It needs a module that is not installed (<paramref name="missing"/> says how to install it).</exception>
    public static async Task<ScriptProcess> StartAsync(string interpreter, string missing, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{interpreter} did not start.");
        var said = new List<string>();
        string? line;
        while ((line = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false)) is not null
            && !line.StartsWith("listening on", StringComparison.Ordinal))
        {
            said.Add(line);
        }
        if (line is null)
        {
            process.Dispose();
            var output = string.Join("\n", said);
            throw output.Contains("No module named", StringComparison.Ordinal)
                ? ToolMissingException.For(missing)
                : new InvalidOperationException($"{string.Join(' ', arguments)} ended before listening: {output}");
        }
        _ = process.StandardError.ReadToEndAsync(); // the rest of what it says, drained
        return new ScriptProcess(process);
    }

    /// <summary>The next line of its standard output (at most 30 s away).</summary>
    public async Task<string> NextLineAsync() =>
        await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The script ended.");

    public void Dispose()
    {
        _process.KillAndDispose();
    }
}
