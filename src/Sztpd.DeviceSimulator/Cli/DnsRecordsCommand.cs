using System.CommandLine;
using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// <c>dns records</c>: zone-file lines for RFC 8572 §4.2: a device's TXT records (its conveyed information and, for
/// signed data, owner certificate and voucher) and/or the SRV records naming the bootstrap servers.
/// </summary>
internal sealed class DnsRecordsCommand : Command
{
    private readonly Option<string> _domain = new("--domain") { HelpName = "DOMAIN", Description = "The domain the records are under.", Required = true };
    private readonly Option<int> _ttl = new("--ttl") { HelpName = "SECONDS", Description = "The records' TTL.", DefaultValueFactory = _ => 3600, CustomParser = r => OptionValues.WholeNumber(r, 0) };
    private readonly Option<string> _serial = new("--serial") { HelpName = "SERIAL", Description = "The device's serial number, for its TXT records (with --conveyed-information)." };
    private readonly Option<string> _conveyedInformation = new("--conveyed-information") { HelpName = "FILE", Description = "The conveyed information artifact (CMS)." };
    private readonly Option<string> _ownerCertificate = new("--owner-certificate") { HelpName = "FILE", Description = "The owner certificate artifact, for signed data (with --ownership-voucher)." };
    private readonly Option<string> _ownershipVoucher = new("--ownership-voucher") { HelpName = "FILE", Description = "The ownership voucher artifact, for signed data (with --owner-certificate)." };
    private readonly Option<string[]> _servers = new("--server") { HelpName = "HOST[:PORT]", Description = "A bootstrap server for the SRV records, in priority order; repeat it for several." };

    public DnsRecordsCommand()
        : base("records", "Prints zone-file lines (RFC 8572 section 4.2): a device's TXT records, the SRV records of the bootstrap servers, or both.")
    {
        Add(_domain);
        Add(_ttl);
        Add(_serial);
        Add(_conveyedInformation);
        Add(_ownerCertificate);
        Add(_ownershipVoucher);
        Add(_servers);
        this.Together(_serial, _conveyedInformation);
        this.AnyOf("Give --serial with --conveyed-information (TXT records), --server (SRV records), or both.", _serial, _servers);
        this.Together(_ownerCertificate, _ownershipVoucher); // signed data
        this.Needs(_ownerCertificate, _serial); // signed data goes into the device's TXT records
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var domain = parseResult.GetRequiredValue(_domain);
        var ttl = parseResult.GetValue(_ttl);
        var servers = parseResult.GetValue(_servers) ?? [];
        if (parseResult.GetValue(_serial) is { } serial)
        {
            var conveyedInformation = (await ArtifactFiles.ReadAsync(parseResult, _conveyedInformation, cancellationToken).ConfigureAwait(false))!;
            var ownerCertificate = await ArtifactFiles.ReadAsync(parseResult, _ownerCertificate, cancellationToken).ConfigureAwait(false);
            var ownershipVoucher = await ArtifactFiles.ReadAsync(parseResult, _ownershipVoucher, cancellationToken).ConfigureAwait(false);
            var records = DnsRecords.TxtRecords(domain, serial, conveyedInformation, ownerCertificate, ownershipVoucher, ttl);
            await stdout.WriteLineAsync("; RFC 8572 §4.2.2 device-specific records (one TXT RR per artifact; its strings concatenate)").ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Join('\n', records)).ConfigureAwait(false);
        }

        if (servers.Length > 0)
        {
            await stdout.WriteLineAsync("; RFC 8572 §4.2.3 device-independent records (priority in the order given)").ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Join('\n', DnsRecords.SrvRecords(domain, servers, ttl))).ConfigureAwait(false);
        }

        return 0;
    }
}
