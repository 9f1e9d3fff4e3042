using System.Net;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Storage;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Observability;

/// <summary>
/// sztpd in the test process over a store that can fail (<see cref="FailingDataStore"/>), loaded with
/// <see cref="Configs.Minimal"/> plus an HTTP device endpoint; a client per listener, neither sending credentials.
/// </summary>
public sealed class ProbedServer : IAsyncDisposable
{
    private ProbedServer(InProcessSztpd server, FailingDataStore store, int sbi)
    {
        (Server, Store) = (server, store);
        Native = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };
        Device = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sbi}") };
    }

    public InProcessSztpd Server { get; }
    public FailingDataStore Store { get; }

    /// <summary>The native-interface listener, without credentials.</summary>
    public HttpClient Native { get; }

    /// <summary>The rfc8572-interface listener, without credentials.</summary>
    public HttpClient Device { get; }

    /// <summary>The admin's client (unrestricted) on the native interface.</summary>
    public HttpClient AdminClient => Server.Client;

    public static async Task<ProbedServer> StartAsync()
    {
        var store = new FailingDataStore(await DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///:memory:"), null, CancellationToken.None).ConfigureAwait(false));
        var server = await InProcessSztpd.StartAsync(store: store).ConfigureAwait(false);
        var sbi = SztpdProcess.FreePort();
        var config = Minimal(server.Port);
        config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(HttpSbiEndpoint("sbi", sbi));
        var mark = server.OutputMark;
        using var put = await server.Client.PutAsync(Running, Json(config)).ConfigureAwait(false);
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        await server.WaitForOutputAsync("listeners restarted", mark).ConfigureAwait(false);
        server.UseBasic(Admin, Password);
        return new ProbedServer(server, store, sbi);
    }

    /// <summary>The paths of the audit log's entries, once every write the server started has settled.</summary>
    public async Task<List<string?>> AuditedPathsAsync()
    {
        await Server.LogsSettledAsync().ConfigureAwait(false);
        using var r = await AdminClient.GetAsync(Operational + "/wn-sztpd-1:audit-log").ConfigureAwait(false);
        return [.. (await ReadJsonAsync(r).ConfigureAwait(false))["wn-sztpd-1:audit-log"]!["log-entry"]!.AsArray().Select(e => (string?)e!["path"])];
    }

    public async ValueTask DisposeAsync()
    {
        Native.Dispose();
        Device.Dispose();
        await Server.DisposeAsync().ConfigureAwait(false);
    }
}
