using System.Runtime.InteropServices;
using Sztpd.Core.Datastore;
using Sztpd.Core.Storage;
using Sztpd.Core.Sztpd;
using Sztpd.Server.Cli;
using Sztpd.Server.Hosting;
using Sztpd.Server.Northbound;
using Sztpd.Server.Southbound;
using Sztpd.Storage;

namespace Sztpd.Server;

/// <summary>The <c>sztpd</c> executable: command line, database, first-time initialization, listeners, signals.</summary>
internal static class SztpdMain
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cl = CommandLine.Parse(args, out var usageError);
        if (cl is null)
        {
            await Console.Error.WriteLineAsync($"{HelpText.Usage}\nsztpd: error: {usageError}").ConfigureAwait(false);
            return 2;
        }
        if (cl.Help || cl.Version)
        {
            Console.WriteLine(cl.Help ? HelpText.Full : $"sztpd {HelpText.Version}");
            return 0;
        }
        try
        {
            return await ServeAsync(cl).ConfigureAwait(false);
        }
        catch (UserError e)
        {
            await Console.Error.WriteLineAsync($"sztpd: error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> ServeAsync(CommandLine cl)
    {
        var settings = StartupSettings.FromEnvironment();
        await using var store = await OpenStoreAsync(cl).ConfigureAwait(false);
        var mode = await new FirstTimeInit(store, settings, Console.In, Console.Out, !Console.IsInputRedirected).EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        var schema = SztpdSchema.Context;
        ServerState? state = null;
        using var datastore = new Datastore(schema, store, new ServerRules(new SztpdRules(schema, TimeProvider.System), new Lazy<ServerState>(() => state!)), TimeProvider.System, SztpdSchema.RowLists(schema));
        await datastore.LoadAsync().ConfigureAwait(false);
        state = new ServerState(datastore, mode);
        var audit = new AuditLog(store, TimeProvider.System);
        var southbound = new SouthboundHandler(state, new DeviceAuthenticator(store, datastore.RowLists[0].ListPath, TimeProvider.System), audit, TimeProvider.System);
        var handler = new RestconfHandler(state, new Authenticator(TimeProvider.System), audit, southbound);
        await using var host = new ListenerHost(settings, handler.HandleAsync);
        state.Listeners = host;
        await host.ReloadAsync(datastore.Running).ConfigureAwait(false);
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        datastore.Changed += names =>
        {
            if (names.Contains("wn-sztpd-1:transport") || names.Contains("wn-sztpd-1:keystore") || names.Contains("wn-sztpd-1:truststore"))
            {
                _ = ReloadSoonAsync(host, datastore);
            }
        };
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; _ = ReloadSoonAsync(host, datastore, force: true); });
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, c => { c.Cancel = true; stop.TrySetResult(); });
        Console.WriteLine($"sztpd {HelpText.Version}: mode {mode}{(mode == "x" ? " (multi-tenant; the tenant API is not implemented yet, serving the native interface)" : " (single tenant)")}, " +
            $"database {store.Dialect}, listening on {string.Join(", ", host.Current.Select(e => $"{(e.IsHttps ? "https" : "http")}://{e.EndPoint} ({e.UseFor})"))}");
        await stop.Task.ConfigureAwait(false);
        Console.WriteLine("sztpd: shutting down");
        return 0;
    }

    private static async Task<IDataStore> OpenStoreAsync(CommandLine cl)
    {
        DatabaseUrl url;
        try
        {
            url = DatabaseUrl.Parse(cl.DatabaseUrl!);
        }
        catch (FormatException e)
        {
            throw new UserError(e.Message);
        }
        foreach (var file in new[] { cl.CaCert, cl.Cert, cl.Key }.OfType<string>())
        {
            if (!File.Exists(file))
            {
                throw new UserError($"Cannot read the file \"{file}\": it does not exist.");
            }
        }
        var tls = cl.CaCert is null ? null : new DatabaseTls(cl.CaCert, cl.Cert, cl.Key);
        try
        {
            return await DataStoreFactory.OpenAsync(url, tls, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DataStoreException or ArgumentException)
        {
            throw new UserError(e.Message);
        }
    }

    /// <summary>Rebinds after the current response went out on the old listeners (the SIGHUP path).</summary>
    private static async Task ReloadSoonAsync(ListenerHost host, Datastore datastore, bool force = false)
    {
        await Task.Delay(50).ConfigureAwait(false);
        try
        {
            await host.ReloadAsync(datastore.Running, force).ConfigureAwait(false);
            Console.WriteLine($"sztpd: listeners restarted: {string.Join(", ", host.Current.Select(e => $"{e.EndPoint} ({e.UseFor})"))}");
        }
        catch (UserError e)
        {
            await Console.Error.WriteLineAsync($"sztpd: error: {e.Message}").ConfigureAwait(false);
        }
    }
}
