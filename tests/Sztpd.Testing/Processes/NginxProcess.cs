using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sztpd.Testing.Processes;

/// <summary>
/// A real nginx (Debian <c>nginx-light</c>) run in the foreground from a temporary prefix directory, as the
/// current user, with its configuration, pid file and logs inside that directory; stopped by its own PID.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _dir;

    private NginxProcess(Process process, TempDirectory dir, int port) => (_process, _dir, Port) = (process, dir, port);

    public int Port { get; }

    /// <summary>The error log (startup failures, TLS handshake refusals).</summary>
    public string ErrorLog => File.Exists(_dir.Combine("error.log")) ? File.ReadAllText(_dir.Combine("error.log")) : "";

    /// <summary>nginx on PATH (or in /usr/sbin, where Debian puts it and a non-root PATH may not look); throws <see cref="ToolMissingException"/> when absent.</summary>
    public static string Executable()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin");
        return dirs.Select(d => Path.Combine(d, "nginx")).FirstOrDefault(File.Exists)
            ?? throw ToolMissingException.For("nginx is not installed (not on PATH, not in /usr/sbin): install Debian nginx-light (`apt-get install -y nginx-light`); .ci/run does.");
    }

    /// <summary>Writes <paramref name="serverBlock"/> (given the prefix directory, returns the <c>server { }</c> text) into a minimal nginx.conf and starts nginx on <paramref name="port"/>.</summary>
    public static async Task<NginxProcess> StartAsync(int port, TempDirectory dir, Func<string, string> serverBlock)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(serverBlock);
        var nginx = Executable();
        var p = dir.Path;
        dir.WriteText("nginx.conf", $$"""
            worker_processes 1;
            error_log {{p}}/error.log info;
            events { worker_connections 64; }
            http {
              access_log {{p}}/access.log;
              client_body_temp_path {{p}}/client_body;
              proxy_temp_path {{p}}/proxy;
              fastcgi_temp_path {{p}}/fastcgi;
              uwsgi_temp_path {{p}}/uwsgi;
              scgi_temp_path {{p}}/scgi;
            {{serverBlock(p)}}
            }
            """);
        var psi = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-p", p, "-e", $"{p}/error.log", "-c", $"{p}/nginx.conf", "-g", $"daemon off; pid {p}/nginx.pid;" })
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var n = new NginxProcess(process, dir, port);
        await n.WaitUntilListeningAsync().ConfigureAwait(false);
        return n;
    }

    private async Task WaitUntilListeningAsync()
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(50).ConfigureAwait(false))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"nginx did not start listening on {Port}: {ErrorLog}");
            }
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
            }
        }
    }

    /// <summary>SIGTERM to the master we started (it stops its worker), then a kill of that process tree if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Syscall.Kill(_process.Id, 15);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
