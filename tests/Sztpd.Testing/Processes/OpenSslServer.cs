using System.Diagnostics;
using System.Text;

namespace Sztpd.Testing.Processes;

/// <summary>
/// <c>openssl s_server</c> on 127.0.0.1 for one connection (<c>-naccept 1</c>), the independent TLS peer that shows what a
/// client did in its handshake (with <c>-trace</c>, every message and the signature algorithm of each signature).
/// </summary>
public sealed class OpenSslServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _accepting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OpenSslServer(Process process, int port) => (_process, Port) = (process, port);

    public int Port { get; }

    /// <summary>Starts s_server on a free port with <paramref name="options"/>; returns once it accepts connections.</summary>
    public static async Task<OpenSslServer> StartAsync(params string[] options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var port = SztpdProcess.FreePort();
        // Standard input stays open: s_server ends at its end.
        var info = new ProcessStartInfo("openssl") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "s_server", "-accept", $"127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "-naccept", "1" }.Concat(options))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start.");
        var server = new OpenSslServer(process, port);
        process.OutputDataReceived += (_, e) => server.Line(e.Data);
        process.ErrorDataReceived += (_, e) => server.Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Task.WhenAny(server._accepting.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return server._accepting.Task.IsCompleted ? server : throw new InvalidOperationException("openssl s_server did not start: " + server.Text);
    }

    /// <summary>Everything s_server printed, once it has ended (after its one connection).</summary>
    public async Task<string> OutputAsync()
    {
        // Also waits until both outputs are read to their end.
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return Text;
    }

    private string Text
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Line(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line == "ACCEPT")
        {
            _accepting.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }
}
