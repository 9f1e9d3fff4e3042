using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Sztpd.Core.Limits;
using Sztpd.Core.Storage;
using Sztpd.Server.Cli;
using Sztpd.Server.Hosting;
using Sztpd.Storage;
using Sztpd.Testing;
using Sztpd.Testing.Processes;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>
/// sztpd composed in the test process (<see cref="SztpdApp.StartAsync"/>, as the executable composes it) on real
/// Kestrel listeners on loopback, with a fake clock and its log lines collected; the first-time questions answered
/// with the mode asked for (1 by default).
/// </summary>
public sealed class InProcessSztpd : IAsyncDisposable
{
    private readonly SettlingDataStore _store;
    private readonly ILoggerFactory _loggers;
    private readonly SemaphoreSlim _logged;
    private SztpdApp? _app;

    private InProcessSztpd(SettlingDataStore store, SztpdApp app, ILoggerFactory loggers, FakeLogCollector logs, SemaphoreSlim logged, FakeTimeProvider time, int port)
    {
        (_store, _app, _loggers, Logs, _logged, Time, Port) = (store, app, loggers, logs, logged, time, port);
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    /// <summary>The port of the factory-default native endpoint (SZTPD_INIT_PORT).</summary>
    public int Port { get; }

    public HttpClient Client { get; }

    /// <summary>The server's clock; starts at the current time and moves only when a test advances it.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>What the server logged.</summary>
    public FakeLogCollector Logs { get; }

    /// <summary>
    /// Opens <paramref name="databaseUrl"/> (or uses <paramref name="store"/>) with its keys sealed as <c>sztpd</c> seals
    /// them (<paramref name="keyFile"/> plays <c>SZTPD_KEY_FILE</c>, <paramref name="tsigKeys"/> the text of <c>SZTPD_TSIG_KEYS_FILE</c>), initializes it in
    /// <paramref name="mode"/> and starts the listeners;
    /// <see cref="Client"/> talks to <paramref name="port"/> (SZTPD_INIT_PORT; a free one when null).
    /// </summary>
    public static async Task<InProcessSztpd> StartAsync(
        string databaseUrl = "sqlite:///:memory:", long maxBodySize = StartupSettings.DefaultMaxBodySize, IDataStore? store = null, string? keyFile = null, int? port = null,
        InputLimits? limits = null, string? pluginsDirectory = null, string? smtpPassword = null, string mode = "1",
        string? tsigKeys = null)
    {
        var initPort = port ?? SztpdProcess.FreePort();
        var settings = new StartupSettings("127.0.0.1", initPort, maxBodySize);
        settings = settings with
        {
            Limits = limits ?? settings.Limits,
            PluginsDirectory = pluginsDirectory,
            SmtpPassword = smtpPassword,
            TsigKeys = tsigKeys is null ? settings.TsigKeys : Sztpd.Server.Outbound.Acme.TsigKeyFile.Parse(tsigKeys, out _)!,
        };
        var logged = new SemaphoreSlim(0);
        var collector = FakeLogCollector.Create(new FakeLogCollectorOptions { OutputSink = _ => logged.Release() });
        var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddFilter("Microsoft", LogLevel.Warning).AddProvider(new FakeLoggerProvider(collector)));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var url = DatabaseUrl.Parse(databaseUrl);
        var opened = store ?? await DataStoreFactory.OpenAsync(url, null, CancellationToken.None);
        SettlingDataStore? settling = null;
        try
        {
            settling = new SettlingDataStore(await KeyFile.OpenAsync(opened, url, keyFile, loggers.CreateLogger("Sztpd.Server"), CancellationToken.None));
            var stored = await new FirstTimeInit(settling, settings, new StringReader($"Yes\n{mode}\n"), TextWriter.Null, interactive: true).EnsureAsync(CancellationToken.None);
            var app = await SztpdApp.StartAsync(settling, stored, settings, time, loggers);
            return new InProcessSztpd(settling, app, loggers, collector, logged, time, initPort);
        }
        catch
        {
            await (settling ?? opened).DisposeAsync();
            loggers.Dispose();
            throw;
        }
    }

    /// <summary>Completes once every log write the server has started (a device request's entries, an audit entry) is done.</summary>
    public Task LogsSettledAsync() => _store.SettledAsync();

    public void UseBasic(string user, string password) =>
        Client.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(user, password);

    /// <summary>How many log lines there are so far; pass it to <see cref="WaitForOutputAsync"/> to wait for lines logged after this point.</summary>
    public int OutputMark => Logs.Count;

    /// <summary>Waits (at most 30 s of real time) until a line logged after <paramref name="mark"/> holds <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, int mark = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Logs.GetSnapshot().Skip(mark).Any(r => r.Message.Contains(text, StringComparison.Ordinal)))
        {
            // Woken by each line logged, not by a timer.
            if (!await _logged.WaitAsync(deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero))
            {
                throw new TimeoutException($"sztpd never logged \"{text}\": {string.Join("\n", Logs.GetSnapshot().Select(r => r.Message))}");
            }
        }
    }

    /// <summary>Stops the listeners and closes the database, as SIGTERM does; returns 0 like the executable.</summary>
    public async Task<int> StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync();
            await _store.DisposeAsync();
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Client.Dispose();
        _loggers.Dispose();
        _logged.Dispose();
    }
}
