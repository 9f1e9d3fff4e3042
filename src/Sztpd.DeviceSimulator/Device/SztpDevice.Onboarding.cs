using System.Text;

namespace Sztpd.DeviceSimulator.Device;

public sealed partial class SztpDevice
{
    /// <summary>
    /// RFC 8572 §5.6: bootstrap-initiated, then the boot image (a reboot when a new one is installed), the
    /// pre-configuration script, the configuration, the post-configuration script, and bootstrap-complete.
    /// </summary>
    private async Task<Outcome> OnboardAsync(BootstrapRun run, OnboardingInformation onboarding, ProgressReporter? reporter, CancellationToken cancellationToken)
    {
        if (reporter is not null)
        {
            await reporter.SendAsync("bootstrap-initiated", require204: true).ConfigureAwait(false);
        }
        else
        {
            run.Step("progress", "No progress reports: the onboarding information did not come from a trusted bootstrap server (RFC 8572 §5.6).");
        }

        if (onboarding.BootImage is { } image && await BootImageAsync(run, image, reporter, cancellationToken).ConfigureAwait(false))
        {
            return Outcome.Rebooting;
        }

        await StepAsync(run, reporter, "pre-script", () => ScriptAsync(run, reporter, "pre", onboarding.PreConfigurationScript, cancellationToken)).ConfigureAwait(false);
        await StepAsync(run, reporter, "config", () => ConfigurationAsync(run, reporter, onboarding)).ConfigureAwait(false);
        await StepAsync(run, reporter, "post-script", () => ScriptAsync(run, reporter, "post", onboarding.PostConfigurationScript, cancellationToken)).ConfigureAwait(false);
        if (reporter is not null)
        {
            await reporter.SendAsync("bootstrap-complete", require204: true).ConfigureAwait(false);
        }

        return Outcome.Completed;
    }

    /// <summary>Runs one onboarding step; its failure is reported as "<paramref name="name"/>-error" before it propagates.</summary>
    private static async Task StepAsync(BootstrapRun run, ProgressReporter? reporter, string name, Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (BootstrapFailure failure) when (failure.Kind != "progress")
        {
            run.Step(name, failure.Message, false);
            await (reporter?.TryErrorAsync($"{name}-error", failure.Message) ?? Task.CompletedTask).ConfigureAwait(false);
            throw;
        }
    }

    private async Task ConfigurationAsync(BootstrapRun run, ProgressReporter? reporter, OnboardingInformation onboarding)
    {
        if (onboarding.Configuration is not { } configuration)
        {
            return;
        }

        await (reporter?.SendAsync("config-initiated") ?? Task.CompletedTask).ConfigureAwait(false);
        if (options.OnlyConfigurationHandling is { } only && onboarding.ConfigurationHandling != only)
        {
            throw new BootstrapFailure("config", $"configuration-handling {onboarding.ConfigurationHandling ?? "(none)"} is not supported: this device applies {only} only.");
        }

        var handling = onboarding.ConfigurationHandling ?? "(no configuration-handling)";
        var file = Write(run, "configuration", configuration);
        run.Step("configuration", $"{configuration.Length} bytes, {handling}: " + (file is null ? "not written (no output directory)" : $"committed to {file}"));
        if (file is not null)
        {
            Write(run, "configuration-handling", Encoding.UTF8.GetBytes(handling + "\n"));
        }

        await (reporter?.SendAsync("config-complete") ?? Task.CompletedTask).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="content"/> atomically (a temporary file renamed) to the output directory; null when there
    /// is none. A write that fails fails the step that wanted it (an <c>output</c> error, reported as that step's error).
    /// </summary>
    private string? Write(BootstrapRun run, string name, byte[] content)
    {
        if (options.OutputDirectory is not { } directory)
        {
            return null;
        }

        var path = Path.Combine(directory, name);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BootstrapFailure("output", $"{path} could not be written: {e.Message}");
        }

        run.Files.Add(path);
        return path;
    }
}
