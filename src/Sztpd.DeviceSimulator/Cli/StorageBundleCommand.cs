using System.CommandLine;
using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary><c>storage bundle</c>: writes a device's artifacts onto a removable storage root (RFC 8572 §4.1).</summary>
internal sealed class StorageBundleCommand : Command
{
    private readonly Option<string> _out = new("--out") { HelpName = "DIR", Description = "The removable storage root to write to.", Required = true };
    private readonly Option<string> _serial = new("--serial") { HelpName = "SERIAL", Description = "The device's serial number.", Required = true };
    private readonly Option<string> _conveyedInformation = new("--conveyed-information") { HelpName = "FILE", Description = "The conveyed information artifact (CMS).", Required = true };
    private readonly Option<string> _ownerCertificate = new("--owner-certificate") { HelpName = "FILE", Description = "The owner certificate artifact, for signed data (with --ownership-voucher)." };
    private readonly Option<string> _ownershipVoucher = new("--ownership-voucher") { HelpName = "FILE", Description = "The ownership voucher artifact, for signed data (with --owner-certificate)." };

    public StorageBundleCommand()
        : base("bundle", "Writes a device's bootstrapping data onto a removable storage root (RFC 8572 section 4.1).")
    {
        Add(_out);
        Add(_serial);
        Add(_conveyedInformation);
        Add(_ownerCertificate);
        Add(_ownershipVoucher);
        this.Together(_ownerCertificate, _ownershipVoucher); // signed data
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var root = parseResult.GetRequiredValue(_out);
        var serial = parseResult.GetRequiredValue(_serial);
        _ = RemovableStorage.DeviceFolder(root, serial);
        var conveyedInformation = (await ArtifactFiles.ReadAsync(parseResult, _conveyedInformation, cancellationToken).ConfigureAwait(false))!;
        var ownerCertificate = await ArtifactFiles.ReadAsync(parseResult, _ownerCertificate, cancellationToken).ConfigureAwait(false);
        var ownershipVoucher = await ArtifactFiles.ReadAsync(parseResult, _ownershipVoucher, cancellationToken).ConfigureAwait(false);

        var description = ConveyedInformationSummary.Describe(conveyedInformation);
        if (description.Warning(ownerCertificate is not null) is { } warning)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        foreach (var path in RemovableStorage.Write(root, serial, conveyedInformation, ownerCertificate, ownershipVoucher))
        {
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(path).ConfigureAwait(false);
        }

        return 0;
    }
}
