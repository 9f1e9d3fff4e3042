using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary><c>storage show</c>: what a removable storage root holds for one device, read as the device reads it.</summary>
public sealed class StorageShowCommand : ICommand
{
    public string Name => "storage show";

    public string Usage => "storage show --dir DIR --serial SERIAL";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var commandLine = CommandLine.Parse(args, ["--dir", "--serial"], []);
        var root = commandLine.Require("--dir");
        var serial = commandLine.Require("--serial");
        var folder = RemovableStorage.DeviceFolder(root, serial);
        var artifacts = RemovableStorage.Read(root, serial);
        if (artifacts is null)
        {
            await stderr.WriteLineAsync($"sztp-device {Name}: no bootstrapping data for {serial} ({Path.Combine(folder, RemovableStorage.ConveyedInformationFile)} does not exist).").ConfigureAwait(false);
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
