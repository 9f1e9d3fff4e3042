using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// <c>dns records</c>: zone-file lines for RFC 8572 §4.2: a device's TXT records (its conveyed information and, for
/// signed data, owner certificate and voucher) and/or the SRV records naming the bootstrap servers.
/// </summary>
public sealed class DnsRecordsCommand : ICommand
{
    private static readonly string[] Options =
        ["--domain", "--ttl", "--serial", "--conveyed-information", "--owner-certificate", "--ownership-voucher", "--server"];

    public string Name => "dns records";

    public string Usage =>
        "dns records --domain DOMAIN [--ttl SECONDS] [--serial SERIAL --conveyed-information FILE "
        + "[--owner-certificate FILE --ownership-voucher FILE]] [--server HOST[:PORT] ...]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var commandLine = CommandLine.Parse(args, Options, [], repeatable: ["--server"]);
        var domain = commandLine.Require("--domain");
        var ttl = commandLine.GetInt("--ttl", 3600, min: 0);
        var serial = commandLine.Get("--serial");
        var servers = commandLine.GetAll("--server");
        commandLine.Together("--serial", "--conveyed-information");

        if (serial is null && servers.Count == 0)
        {
            throw new CommandLineException("Give --serial with --conveyed-information (TXT records), --server (SRV records), or both.");
        }

        commandLine.Together("--owner-certificate", "--ownership-voucher"); // signed data
        commandLine.Needs("--owner-certificate", "--serial"); // signed data goes into the device's TXT records
        if (serial is not null)
        {
            var conveyedInformation = await ArtifactFiles.ReadRequiredAsync(commandLine, "--conveyed-information", cancellationToken).ConfigureAwait(false);
            var ownerCertificate = await ArtifactFiles.ReadOptionalAsync(commandLine, "--owner-certificate", cancellationToken).ConfigureAwait(false);
            var ownershipVoucher = await ArtifactFiles.ReadOptionalAsync(commandLine, "--ownership-voucher", cancellationToken).ConfigureAwait(false);
            var records = DnsRecords.TxtRecords(domain, serial, conveyedInformation, ownerCertificate, ownershipVoucher, ttl);
            await stdout.WriteLineAsync("; RFC 8572 §4.2.2 device-specific records (one TXT RR per artifact; its strings concatenate)").ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Join('\n', records)).ConfigureAwait(false);
        }

        if (servers.Count > 0)
        {
            await stdout.WriteLineAsync("; RFC 8572 §4.2.3 device-independent records (priority in the order given)").ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Join('\n', DnsRecords.SrvRecords(domain, servers, ttl))).ConfigureAwait(false);
        }

        return 0;
    }
}
