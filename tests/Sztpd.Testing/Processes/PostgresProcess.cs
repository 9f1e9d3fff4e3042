using System.Diagnostics;
using System.Globalization;

namespace Sztpd.Testing.Processes;

/// <summary>
/// A private PostgreSQL server (initdb into a temporary directory, trust authentication on 127.0.0.1) that a test may
/// stop and start again without disturbing the shared one of <c>.ci/databases.sh</c>. Run as the <c>postgres</c> OS
/// user when the test runs as root (PostgreSQL refuses root), else as the current user.
/// </summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    private readonly string _bin;
    private readonly TempDirectory _dir;
    private readonly bool _asPostgres;

    private PostgresProcess(string bin, TempDirectory dir, bool asPostgres, int port) => (_bin, _dir, _asPostgres, Port) = (bin, dir, asPostgres, port);

    public int Port { get; }

    /// <summary>A database URL for <paramref name="database"/> on this server (created by sztpd on first use).</summary>
    public string Url(string database) => $"postgresql://postgres@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{database}";

    public static async Task<PostgresProcess> StartAsync()
    {
        var bin = BinDirectory();
        var dir = new TempDirectory();
        var asPostgres = Environment.UserName == "root";
        try
        {
            await ExecAsync("chmod", ["755", dir.Path]).ConfigureAwait(false);
            if (asPostgres)
            {
                await ExecAsync("chown", ["postgres:", dir.Path]).ConfigureAwait(false);
            }
            var server = new PostgresProcess(bin, dir, asPostgres, SztpdProcess.FreePort());
            await server.RunAsync("initdb", ["-D", server.Data, "-U", "postgres", "-E", "UTF8", "--no-locale", "--auth=trust"]).ConfigureAwait(false);
            await server.RunAsync("sh", ["-c", $"cat >> '{server.Data}/postgresql.conf' <<EOF\nlisten_addresses = '127.0.0.1'\nport = {server.Port}\nunix_socket_directories = '{dir.Path}'\nfsync = off\nEOF\n"]).ConfigureAwait(false);
            await server.StartAgainAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    private string Data => Path.Combine(_dir.Path, "data");

    /// <summary>pg_ctl stop -m fast: open sessions are ended, as an operator's restart ends them.</summary>
    public Task StopAsync() => RunAsync("pg_ctl", ["-D", Data, "-m", "fast", "-w", "-t", "60", "stop"]);

    public Task StartAgainAsync() => RunAsync("pg_ctl", ["-D", Data, "-l", Path.Combine(_dir.Path, "server.log"), "-w", "-t", "60", "start"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        _dir.Dispose();
    }

    private static string BinDirectory()
    {
        if (File.Exists("/usr/lib/postgresql/15/bin/initdb"))
        {
            return "/usr/lib/postgresql/15/bin";
        }
        var pgCtl = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "pg_ctl")).FirstOrDefault(File.Exists);
        var resolved = pgCtl is null ? null : new FileInfo(pgCtl).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? pgCtl;
        return resolved is not null && File.Exists(Path.Combine(Path.GetDirectoryName(resolved)!, "initdb"))
            ? Path.GetDirectoryName(resolved)!
            : throw ToolMissingException.For("PostgreSQL's server programs (initdb, pg_ctl) are not installed: install Debian postgresql; .ci/run's database script uses them.");
    }

    private Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var path = program == "sh" ? "/bin/sh" : Path.Combine(_bin, program);
        return _asPostgres ? ExecAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : ExecAsync(path, arguments);
    }

    private static async Task ExecAsync(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }
}
