using System.Text.Json.Nodes;

namespace Sztpd.DeviceSimulator.Device;

/// <summary>
/// Sends report-progress (RFC 8572 §5.6, §7.3) to the trusted bootstrap server the onboarding information came from:
/// the required reports always, the others when the server asked for "verbose" or the device is set to send them.
/// A required report that is not answered 204 is an error.
/// </summary>
internal sealed class ProgressReporter(BootstrapServerClient client, string path, bool verbose, BootstrapRun run, CancellationToken cancellationToken)
{
    private static readonly HashSet<string> Minimal = new(StringComparer.Ordinal)
    {
        "bootstrap-initiated", "bootstrap-complete", "boot-image-installed-rebooting", "parsing-error",
        "boot-image-error", "pre-script-error", "config-error", "post-script-error", "bootstrap-error",
    };

    /// <summary>Sends <paramref name="type"/>; throws when a 204 is required and another answer came.</summary>
    public async Task SendAsync(string type, string? message = null, bool require204 = false)
    {
        if (!verbose && !Minimal.Contains(type))
        {
            return;
        }

        var input = new JsonObject { ["progress-type"] = type };
        if (message is not null)
        {
            input["message"] = message;
        }

        var server = client.Server.Authority;
        RpcResponse response;
        try
        {
            response = await client.PostAsync(path, "report-progress", input, run.Rpcs, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            run.Step("progress", $"{type}: not delivered ({e.Message})", false, server);
            if (require204)
            {
                throw new BootstrapFailure("progress", $"The {type} progress report was not delivered: {e.Message}");
            }

            return;
        }

        var ok = response.Status == 204;
        run.Step("progress", ok ? type : $"{type}: answered {response.Status}, not 204 ({response.Describe()})", ok, server);
        if (!ok && require204)
        {
            throw new BootstrapFailure("progress", $"The {type} progress report was answered {response.Status}, not 204 No Content.");
        }
    }

    /// <summary>Tries to send an error report; a failure to send it is only recorded.</summary>
    public async Task TryErrorAsync(string type, string message)
    {
        try
        {
            await SendAsync(type, message).ConfigureAwait(false);
        }
        catch (BootstrapFailure)
        {
            // Already recorded as a step; the original error is the one that counts.
        }
    }
}
