using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sztpd.Testing.Processes;

/// <summary>The real <c>sztpd</c> executable started on loopback with a database URL, driven over HTTP.</summary>
public sealed class SztpdProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SztpdProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public int Port { get; }
    public HttpClient Client { get; }
    public string Stdout { get { lock (_stdout) { return _stdout.ToString(); } } }
    public string Stderr { get { lock (_stderr) { return _stderr.ToString(); } } }

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "sztpd.dll");

    public static int FreePort()
    {
        // The kernel may hand a port out again once its listener closed: never give one twice in this process (a test
        // that picks two ports and then starts a server picking its own would otherwise, rarely, get the same one).
        while (true)
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            lock (GivenPorts)
            {
                if (GivenPorts.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private static readonly HashSet<int> GivenPorts = [];

    /// <summary>Starts sztpd with mode 1 accepted through the environment and waits until it listens.</summary>
    public static async Task<SztpdProcess> StartAsync(string databaseUrl, int? port = null, IDictionary<string, string?>? env = null)
    {
        var p = port ?? FreePort();
        var e = new Dictionary<string, string?> { ["SZTPD_ACCEPT_CONTRACT"] = "Yes", ["SZTPD_INIT_MODE"] = "1", ["SZTPD_INIT_PORT"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var kv in env ?? new Dictionary<string, string?>())
        {
            e[kv.Key] = kv.Value;
        }
        var process = Run([databaseUrl], e);
        var s = new SztpdProcess(process, p);
        process.OutputDataReceived += (_, a) => s.OnOutput(a.Data, s._stdout, a.Data?.Contains("listening on", StringComparison.Ordinal) == true);
        process.ErrorDataReceived += (_, a) => s.OnOutput(a.Data, s._stderr, false);
        process.Exited += (_, _) => s._ready.TrySetResult(false);
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ready = await s._ready.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (!ready)
        {
            await Task.Delay(200).ConfigureAwait(false);
            throw new InvalidOperationException($"sztpd did not start: {s.Stderr}{s.Stdout}");
        }
        return s;
    }

    private void OnOutput(string? line, StringBuilder into, bool ready)
    {
        if (line is null)
        {
            return;
        }
        lock (into)
        {
            into.AppendLine(line);
        }
        if (ready)
        {
            _ready.TrySetResult(true);
        }
    }

    /// <summary>Runs sztpd to completion (for command-line tests): exit code, stdout, stderr.</summary>
    public static Task<(int Code, string Stdout, string Stderr)> RunToExitAsync(IReadOnlyList<string> args, IDictionary<string, string?>? env = null, string? stdin = null) =>
        DotnetProcess.RunToExitAsync(Executable, args, env, InitVariables, stdin);

    /// <summary>The first-time initialization variables and the other settings, never inherited from the test's environment.</summary>
    private static readonly string[] InitVariables =
        ["SZTPD_KEY_FILE", "SZTPD_ACCEPT_CONTRACT", "SZTPD_INIT_MODE", "SZTPD_INIT_PORT", "SZTPD_INIT_ADDR", "SZTPD_DEFAULT_ADDR", "SZTPD_DEFAULT_PORT", "SZTPD_MAX_BODY_SIZE", "SZTPD_LOG_LEVEL", "SZTPD_LOG_FORMAT"];

    private static Process Run(IReadOnlyList<string> args, IDictionary<string, string?> env) => DotnetProcess.Start(Executable, args, env, InitVariables);

    /// <summary>How much stdout there is so far; pass it to <see cref="WaitForOutputAsync"/> to wait for output printed after this point.</summary>
    public int OutputMark => Stdout.Length;

    /// <summary>Waits (at most 30 s) until stdout after <paramref name="mark"/> holds <paramref name="text"/>, e.g. "listeners restarted" after a transport change.</summary>
    public async Task WaitForOutputAsync(string text, int mark = 0)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !Stdout[mark..].Contains(text, StringComparison.Ordinal); await Task.Delay(50).ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"sztpd never printed \"{text}\": {Stdout}{Stderr}");
            }
        }
    }

    public void UseBasic(string user, string password) =>
        Client.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(user, password);

    /// <summary>Sends SIGTERM and waits for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = Syscall.Kill(_process.Id, 15);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        return _process.ExitCode;
    }

    public void Hangup() => Syscall.Kill(_process.Id, 1);

    /// <summary>SIGKILL (kill -9): the process ends at once, nothing flushed, nothing closed; waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        _ = Syscall.Kill(_process.Id, 9);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _process.Kill();
        }
        Client.Dispose();
        _process.Dispose();
    }
}
