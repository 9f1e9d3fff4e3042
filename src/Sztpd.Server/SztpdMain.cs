using System.Runtime.InteropServices;
using Sztpd.Core.Storage;
using Sztpd.Server.Cli;
using Sztpd.Server.Hosting;
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
        using var loggers = LogSettings.FromEnvironment().CreateFactory();
        var url = ParseUrl(cl.DatabaseUrl!);
        await using var opened = await OpenStoreAsync(cl, url).ConfigureAwait(false);
        await using var store = await KeyFile.OpenAsync(opened, url, Environment.GetEnvironmentVariable(KeyFile.Variable), loggers.CreateLogger("Sztpd.Server"), CancellationToken.None).ConfigureAwait(false);
        var mode = await new FirstTimeInit(store, settings, Console.In, Console.Out, !Console.IsInputRedirected).EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        await using var app = await SztpdApp.StartAsync(store, mode, settings, TimeProvider.System, loggers).ConfigureAwait(false);
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; _ = app.ReloadSoonAsync(force: true); });
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, c => { c.Cancel = true; stop.TrySetResult(); });
        await stop.Task.ConfigureAwait(false);
        Log.Stopping(loggers.CreateLogger("Sztpd.Server"));
        return 0;
    }

    private static DatabaseUrl ParseUrl(string text)
    {
        try
        {
            return DatabaseUrl.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UserError(e.Message);
        }
    }

    private static async Task<IDataStore> OpenStoreAsync(CommandLine cl, DatabaseUrl url)
    {
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
}
