using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary><c>storage bundle</c>: writes a device's artifacts onto a removable storage root (RFC 8572 §4.1).</summary>
public sealed class StorageBundleCommand : ICommand
{
    private static readonly string[] Options = ["--out", "--serial", "--conveyed-information", "--owner-certificate", "--ownership-voucher"];

    public string Name => "storage bundle";

    public string Usage =>
        "storage bundle --out DIR --serial SERIAL --conveyed-information FILE [--owner-certificate FILE --ownership-voucher FILE]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var commandLine = CommandLine.Parse(args, Options, []);
        var root = commandLine.Require("--out");
        var serial = commandLine.Require("--serial");
        _ = commandLine.Require("--conveyed-information");
        commandLine.Together("--owner-certificate", "--ownership-voucher"); // signed data
        _ = RemovableStorage.DeviceFolder(root, serial);
        var conveyedInformation = await ArtifactFiles.ReadRequiredAsync(commandLine, "--conveyed-information", cancellationToken).ConfigureAwait(false);
        var ownerCertificate = await ArtifactFiles.ReadOptionalAsync(commandLine, "--owner-certificate", cancellationToken).ConfigureAwait(false);
        var ownershipVoucher = await ArtifactFiles.ReadOptionalAsync(commandLine, "--ownership-voucher", cancellationToken).ConfigureAwait(false);

        var description = ConveyedInformationSummary.Describe(conveyedInformation);
        if (description.Warning(ownerCertificate is not null) is { } warning)
        {
            await stderr.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        foreach (var path in RemovableStorage.Write(root, serial, conveyedInformation, ownerCertificate, ownershipVoucher))
        {
            await stdout.WriteLineAsync(path).ConfigureAwait(false);
        }

        return 0;
    }
}
