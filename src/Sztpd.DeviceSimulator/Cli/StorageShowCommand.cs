using System.CommandLine;
using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary><c>storage show</c>: what a removable storage root holds for one device, read as the device reads it.</summary>
internal sealed class StorageShowCommand : Command
{
    private readonly Option<string> _dir = new("--dir") { HelpName = "DIR", Description = "The removable storage root.", Required = true };
    private readonly Option<string> _serial = new("--serial") { HelpName = "SERIAL", Description = "The device's serial number.", Required = true };

    public StorageShowCommand()
        : base("show", "Shows what a removable storage root holds for one device (RFC 8572 section 4.1), read as the device reads it.")
    {
        Add(_dir);
        Add(_serial);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (stdout, stderr) = (parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        var root = parseResult.GetRequiredValue(_dir);
        var serial = parseResult.GetRequiredValue(_serial);
        var folder = RemovableStorage.DeviceFolder(root, serial);
        var artifacts = RemovableStorage.Read(root, serial);
        if (artifacts is null)
        {
            await stderr.WriteLineAsync($"{Commands.NameOf(parseResult)}: no bootstrapping data for {serial} ({Path.Combine(folder, RemovableStorage.ConveyedInformationFile)} does not exist).").ConfigureAwait(false);
            return 1;
        }

        var description = ConveyedInformationSummary.Describe(artifacts.ConveyedInformation);
        await stdout.WriteLineAsync($"{Path.Combine(folder, RemovableStorage.ConveyedInformationFile)}: {artifacts.ConveyedInformation.Length} octets, {description.Text}").ConfigureAwait(false);
        if (artifacts.OwnerCertificate is { } ownerCertificate && artifacts.OwnershipVoucher is { } ownershipVoucher)
        {
            await stdout.WriteLineAsync($"{Path.Combine(folder, RemovableStorage.OwnerCertificateFile)}: {ownerCertificate.Length} octets").ConfigureAwait(false);
            await stdout.WriteLineAsync($"{Path.Combine(folder, RemovableStorage.OwnershipVoucherFile)}: {ownershipVoucher.Length} octets").ConfigureAwait(false);
        }

        if (description.Content is not null && description.Warning(artifacts.OwnerCertificate is not null) is { } warning)
        {
            await stderr.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        return 0;
    }
}
