namespace Sztpd.DeviceSimulator.Device;

/// <summary>
/// A simulated SZTP device (RFC 8572 §5): it tries each source of bootstrapping data in order, follows redirects,
/// decides trust, verifies signed data, and processes onboarding information, reporting progress to trusted servers.
/// </summary>
public sealed partial class SztpDevice(DeviceOptions options)
{
    private const int MaxReboots = 3;

    /// <summary>Bootstraps from <paramref name="sources"/>; never throws for protocol failures (they are in the result).</summary>
    public async Task<BootstrapResult> RunAsync(IReadOnlyList<BootstrapSource> sources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var run = new BootstrapRun(options);
        BootstrapFailure? last = null;
        for (var boot = 0; boot <= MaxReboots; boot++)
        {
            var rebooting = false;
            foreach (var source in sources)
            {
                try
                {
                    var outcome = await ProcessSourceAsync(run, source, cancellationToken).ConfigureAwait(false);
                    if (outcome == Outcome.Completed)
                    {
                        run.Step("result", "bootstrap-complete");
                        return run.Result(true, null);
                    }

                    rebooting = true;
                    break;
                }
                catch (BootstrapFailure failure)
                {
                    last = failure;
                    run.Step("source", $"Could not bootstrap from this source: {failure.Message}", false);
                }
            }

            if (!rebooting)
            {
                break;
            }

            run.Reboots++;
            run.Step("reboot", $"Rebooted into {run.OsName} {run.OsVersion}; bootstrapping again.");
        }

        run.Step("result", last?.Message ?? "No source of bootstrapping data.", false);
        return run.Result(false, last ?? (run.Reboots > MaxReboots ? new BootstrapFailure("reboot-loop", "Too many reboots.") : null));
    }

    private Task<Outcome> ProcessSourceAsync(BootstrapRun run, BootstrapSource source, CancellationToken cancellationToken) => source switch
    {
        BootstrapServersSource servers => ProcessServerListAsync(run, [.. servers.Uris.Select(u => (u, (byte[]?)null))], false, 0, cancellationToken),
        RemovableStorageSource storage => ProcessRemovableStorageAsync(run, storage.Root, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    /// <summary>How processing a source ended when it did not fail.</summary>
    private enum Outcome
    {
        Completed,
        Rebooting,
    }
}
