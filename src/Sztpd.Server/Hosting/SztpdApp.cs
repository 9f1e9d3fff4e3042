using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Outbound;
using Sztpd.Core.Rules;
using Sztpd.Core.Schema;
using Sztpd.Core.Storage;
using Sztpd.Server.Cli;
using Sztpd.Server.Northbound;
using Sztpd.Server.Outbound;
using Sztpd.Server.Outbound.Acme;
using Sztpd.Server.Southbound;
using Sztpd.Server.Tenancy;

namespace Sztpd.Server.Hosting;

/// <summary>
/// The application over an opened, initialized store: the running datastore, the northbound and southbound handlers
/// and the listeners of the stored <c>transport</c>. The one composition function: <c>sztpd</c> calls it after the
/// command line and first-time initialization, and the in-process tests call it with a fake clock.
/// </summary>
internal sealed class SztpdApp : IAsyncDisposable
{
    private readonly RunningDatastore _datastore;
    private readonly ListenerHost _listeners;
    private readonly ILogger _log;
    private readonly LogPruner _pruner;
    private readonly HealthAndMetrics _health;

    private readonly CalloutInvoker _callouts;
    private readonly OutboxWorker _outbox;
    private readonly PluginHost _plugins;
    private readonly ExpiryWatch _expiry;
    private Tenants? _tenants;
    private CertificateRenewer? _renewer;
    private SemaphoreSlim? _writeLock;

    private SztpdApp(RunningDatastore datastore, ListenerHost listeners, LogPruner pruner, HealthAndMetrics health, CalloutInvoker callouts, OutboxWorker outbox,
        PluginHost plugins, ExpiryWatch expiry, ILogger log) =>
        (_datastore, _listeners, _pruner, _health, _callouts, _outbox, _plugins, _expiry, _log) = (datastore, listeners, pruner, health, callouts, outbox, plugins, expiry, log);

    public static async Task<SztpdApp> StartAsync(IDataStore store, string mode, StartupSettings settings, TimeProvider time, ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger("Sztpd.Server");
        store = new MeteredDataStore(store);
        var schema = NorthboundSchema.Context;
        ServerState? state = null;
        var plugins = new PluginHost(settings.PluginsDirectory, settings.Limits.MaxCalloutAnswerSize, time, log);
        var callouts = new CalloutInvoker(time, settings.Limits, plugins);
        var rowLists = NorthboundSchema.RowLists(schema);
        var writeLock = new SemaphoreSlim(1, 1);
        var datastore = new RunningDatastore(schema, store, new ServerRules(new SztpdRules(schema, time, settings.Limits), new Lazy<ServerState>(() => state!), plugins, settings.SmtpPassword is not null,
            settings.TsigKeys.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase)), time, rowLists)
        {
            MaxKeyLength = settings.Limits.MaxKeyLength,
            RowAuthorizer = new OwnershipVerification(callouts),
            WriteLock = writeLock,
            RowClaims = mode == "x" ? new SerialNumberClaims(store, rowLists[0].ListPath) : null,
        };
        await datastore.LoadAsync().ConfigureAwait(false);
        state = new ServerState(datastore, settings.Limits, settings.Retention);
        if (mode == "x")
        {
            state.Tenants = await Tenants.OpenAsync(store, datastore, time, settings.Limits, callouts).ConfigureAwait(false);
        }
        var audit = new AuditLog(store, time, settings.Limits);
        var outbox = new OutboxWorker(store.Outbox, target => Tenants.Resolve(target, datastore, state.Tenants), callouts, new Mailer(settings.SmtpPassword, time), OutboxPolicy.Default, time, log);
        IDeviceDirectory directory = state.Tenants is { } tenants
            ? new TenantDeviceDirectory(tenants, store, rowLists[0].ListPath)
            : new SingleDeviceDirectory(store, rowLists[0].ListPath, () => ConfigurationMapper.Map(datastore.Running));
        var southbound = new SouthboundHandler(state, new DeviceAuthenticator(directory, time, settings.Limits), audit, callouts, outbox, store, time, log);
        var health = new HealthAndMetrics(store, state, time);
        var crls = new CrlPublisher(state, time);
        var challenges = new AcmeChallenges();
        var acme = new AcmeIssuer(challenges, settings.TsigKeys, TimeProvider.System);
        var handler = new RestconfHandler(state, new Authenticator(time, settings.Limits), audit, southbound, health, crls, challenges, new AccountActivation(state, time),
            new RpcOperations(store.Outbox, outbox, new CertificateOperations(state, crls, acme, time), time), log);
        var host = new ListenerHost(settings, handler.HandleAsync, loggers) { ModeX = mode == "x" };
        state.Listeners = host;
        var expiry = new ExpiryWatch(store, datastore, () => state.Tenants, outbox, time, log);
        var app = new SztpdApp(datastore, host, new LogPruner(store, () => state.Tenants?.All.Select(t => (IDataStore)t.Store) ?? [], settings.Retention, time, log), health, callouts, outbox, plugins, expiry, log)
        {
            _tenants = state.Tenants,
            _writeLock = writeLock,
        };
        try
        {
            await host.ReloadAsync(datastore.Running).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        // After the listeners run: a renewal due at start (after downtime) reaches them.
        var renewer = app._renewer = new CertificateRenewer(store, datastore, () => state.Tenants, outbox, acme, time, log);
        datastore.Changed += names =>
        {
            if (names.Contains("wn-sztpd-1:admin-accounts") || names.Contains("wn-sztpd-1:keystore"))
            {
                outbox.Wake(); // an activation e-mail, or the notice of a certificate the commit issued, may wait
            }
            if (names.Contains("wn-sztpd-1:transport") || names.Contains("wn-sztpd-1:keystore") || names.Contains("wn-sztpd-1:truststore"))
            {
                _ = app.ReloadSoonAsync(force: false);
            }
            if (names.Contains("wn-sztpd-1:keystore") || names.Contains("wn-sztpd-1:preferences"))
            {
                renewer.Wake(); // an ACME order may be due at once (a new key's placeholder)
            }
        };
        state.Tenants?.KeystoreChanged += renewer.Wake;
        Log.Started(log, HelpText.Version, mode, store.Dialect, Describe(host.Current));
        return app;
    }

    /// <summary>
    /// Restarts the listeners from the running configuration once the current response has gone out on the old ones
    /// (a transport edit, or SIGHUP with <paramref name="force"/>); a failure keeps the previous listeners and is logged.
    /// </summary>
    public async Task ReloadSoonAsync(bool force)
    {
        // A short pause, not a time of day: lets the response of the edit that triggered this leave first.
        await Task.Delay(50).ConfigureAwait(false);
        try
        {
            if (await _listeners.ReloadAsync(_datastore.Running, force).ConfigureAwait(false))
            {
                Log.ListenersRestarted(_log, Describe(_listeners.Current));
            }
            else
            {
                Log.ListenersUpdated(_log, Describe(_listeners.Current));
            }
        }
        catch (UserError e)
        {
            Log.ListenersFailed(_log, e.Message);
        }
    }

    private static string Describe(IEnumerable<EndpointSpec> endpoints) =>
        string.Join(", ", endpoints.Select(e => $"{(e.IsHttps ? "https" : "http")}://{e.EndPoint} ({e.UseFor})"));

    public async ValueTask DisposeAsync()
    {
        if (_renewer is not null)
        {
            await _renewer.DisposeAsync().ConfigureAwait(false);
        }
        await _listeners.DisposeAsync().ConfigureAwait(false);
        await _pruner.DisposeAsync().ConfigureAwait(false);
        await _expiry.DisposeAsync().ConfigureAwait(false);
        await _outbox.DisposeAsync().ConfigureAwait(false);
        await _plugins.DisposeAsync().ConfigureAwait(false);
        _health.Dispose();
        _callouts.Dispose();
        _tenants?.Dispose();
        _datastore.Dispose();
        _writeLock?.Dispose();
    }
}
