using System.CommandLine;
using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// <c>dhcp decode</c>: reads an SZTP redirect option as a device does (RFC 8572 §8.1/§8.2) and prints its valid
/// URIs; ignored entries go to stderr. Exit status 1 when the device would discard the option.
/// </summary>
internal sealed class DhcpDecodeCommand : Command
{
    private readonly Option<byte[]> _v4 = Hex("--v4", "DHCPv4 option 143 instances (code, length, data; RFC 3396 concatenation).");
    private readonly Option<byte[]> _v6 = Hex("--v6", "A DHCPv6 option 136 (code, length, data).");
    private readonly Option<byte[]> _list = Hex("--list", "A bootstrap-server-list (RFC 8572 section 8.3).");

    public DhcpDecodeCommand()
        : base("decode", "Reads an SZTP redirect option as a device does (RFC 8572 sections 8.1, 8.2) and prints its valid URIs; "
            + "exit status 1 when a device would discard it. HEX with or without colons or spaces.")
    {
        Add(_v4);
        Add(_v6);
        Add(_list);
        this.OneOf("Give exactly one of --v4 (DHCPv4 option instances), --v6 (a DHCPv6 option) or --list (a bootstrap-server-list).", _v4, _v6, _list);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (stdout, stderr) = (parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        var decoded = parseResult.GetResult(_v4) is not null ? SztpRedirectOption.DecodeDhcpV4(parseResult.GetRequiredValue(_v4))
            : parseResult.GetResult(_v6) is not null ? SztpRedirectOption.DecodeDhcpV6(parseResult.GetRequiredValue(_v6))
            : SztpRedirectOption.DecodeList(parseResult.GetRequiredValue(_list));

        foreach (var invalid in decoded.Invalid)
        {
            await stderr.WriteLineAsync($"ignored \"{invalid.Uri}\": {invalid.Reason}").ConfigureAwait(false);
        }

        foreach (var uri in decoded.Uris)
        {
            await stdout.WriteLineAsync(uri).ConfigureAwait(false);
        }

        if (decoded.Error is not null)
        {
            await stderr.WriteLineAsync($"{Commands.NameOf(parseResult)}: {decoded.Error}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private static Option<byte[]> Hex(string name, string description) =>
        new(name) { HelpName = "HEX", Description = description, CustomParser = r => OptionValues.Hex(r, r.Tokens[^1].Value)! };
}
