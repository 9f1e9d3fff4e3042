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
        try
        {
            while (await BootOnceAsync(run, sources, cancellationToken).ConfigureAwait(false) == Outcome.Rebooting)
            {
                if (run.Reboots == MaxReboots)
                {
                    throw new BootstrapFailure("reboot-loop", $"Still installing boot images after {MaxReboots} reboots.");
                }

                run.Reboots++;
                run.Step("reboot", $"Rebooted into {run.OsName} {run.OsVersion}; bootstrapping again.");
            }
        }
        catch (BootstrapFailure failure)
        {
            run.Step("result", failure.Message, false);
            return run.Result(failure);
        }

        run.Step("result", "bootstrap-complete");
        return run.Result(null);
    }

    /// <summary>One pass of the boot sequence (RFC 8572 §5.2): the first source that completes or installs a boot image ends it.</summary>
    private async Task<Outcome> BootOnceAsync(BootstrapRun run, IReadOnlyList<BootstrapSource> sources, CancellationToken cancellationToken)
    {
        BootstrapFailure? last = null;
        foreach (var source in sources)
        {
            try
            {
                return await ProcessSourceAsync(run, source, cancellationToken).ConfigureAwait(false);
            }
            catch (BootstrapFailure failure)
            {
                last = failure;
                run.Step("source", $"Could not bootstrap from this source: {failure.Message}", false);
            }
        }

        throw last ?? new BootstrapFailure("no-source", "No source of bootstrapping data was given.");
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
