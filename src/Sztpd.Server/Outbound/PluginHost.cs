using System.Text.Json.Nodes;
using Sztpd.Core.Outbound;

namespace Sztpd.Server.Outbound;

/// <summary>
/// The plugins of <c>preferences/system/plugins</c>: plugin NAME is the executable NAME in the plugins folder
/// (<c>SZTPD_PLUGINS_DIR</c>), started on first use and kept running, restarted when it exits or its file changes
/// (SZTPD re-imports a changed plugin). A call waits at most <see cref="CallTimeout"/> on sztpd's clock.
/// </summary>
internal sealed class PluginHost(string? directory, int maxAnswerSize, TimeProvider time, ILogger log) : IAsyncDisposable
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, PluginProcess> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>The functions plugin <paramref name="name"/> has, starting it if needed; or why it cannot be loaded.</summary>
    public async Task<(IReadOnlyList<string>? Functions, string? Error)> LoadAsync(string name, CancellationToken ct)
    {
        try
        {
            var plugin = await ProcessAsync(name, ct).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(CallTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            return (await plugin.FunctionsAsync(linked.Token).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return (null, e is OperationCanceledException ? $"it did not say its functions within {CallTimeout.TotalSeconds:0} s." : e.Message);
        }
    }

    /// <summary>Calls <paramref name="function"/> of <paramref name="plugin"/> as SZTPD calls a plugin function, with <c>(input, opaque)</c>.</summary>
    public async Task<CalloutResult> CallAsync(string plugin, string function, JsonObject input, string? opaque, JsonObject log, CancellationToken ct)
    {
        var results = new JsonObject();
        log["callback-details"] = new JsonObject { ["plugin"] = plugin, ["function"] = function };
        log["callback-results"] = results;
        try
        {
            var process = await ProcessAsync(plugin, ct).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(CallTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            var answer = await process.CallAsync(function, input, opaque, linked.Token).ConfigureAwait(false);
            if (answer["exception"] is { } exception)
            {
                results["result"] = "raised";
                return new CalloutResult { Failure = $"the plugin \"{plugin}\" raised: {exception}", Log = log };
            }
            if (answer["error"] is JsonObject errors)
            {
                var error = CalloutErrors.FirstError(errors);
                results["result"] = error is null ? "answered an error that is not ietf-restconf:errors" : $"answered error {error.Tag}";
                return error is null
                    ? new CalloutResult { Failure = $"the plugin \"{plugin}\" answered an error that is not ietf-restconf:errors.", Log = log }
                    : new CalloutResult { Error = error, Log = log };
            }
            results["result"] = "answered";
            return new CalloutResult { Output = answer["output"] as JsonObject, Log = log };
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? $"no answer within {CallTimeout.TotalSeconds:0} s" : e.Message;
            results["result"] = why;
            return new CalloutResult { Failure = $"the plugin \"{plugin}\" failed: {why}", Log = log };
        }
    }

    /// <summary>The running process of plugin <paramref name="name"/>: started, or restarted when it exited or its file changed.</summary>
    private async Task<PluginProcess> ProcessAsync(string name, CancellationToken ct)
    {
        var path = PathOf(name);
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_running.TryGetValue(name, out var running))
            {
                if (!running.HasExited && running.Written == File.GetLastWriteTimeUtc(path))
                {
                    return running;
                }
                _running.Remove(name);
                await running.DisposeAsync().ConfigureAwait(false);
                Log.PluginRestarted(log, name);
            }
            var started = PluginProcess.Start(path, maxAnswerSize, line => Log.PluginOutput(log, name, line));
            _running[name] = started;
            return started;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The executable of plugin <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">There is no plugins folder, or no executable of that name in it.</exception>
    private string PathOf(string name)
    {
        if (directory is null)
        {
            throw new InvalidOperationException("no plugins folder is set (SZTPD_PLUGINS_DIR).");
        }
        if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new InvalidOperationException($"\"{name}\" is not a file name.");
        }
        var path = Path.Combine(directory, name);
        if (!File.Exists(path) || (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) == 0))
        {
            throw new InvalidOperationException($"there is no executable file \"{name}\" in the plugins folder {directory}.");
        }
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _running.Values)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
        _running.Clear();
        _lock.Dispose();
    }
}
