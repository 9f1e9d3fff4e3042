using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// <c>dhcp decode</c>: reads an SZTP redirect option as a device does (RFC 8572 §8.1/§8.2) and prints its valid
/// URIs; ignored entries go to stderr. Exit status 1 when the device would discard the option.
/// </summary>
public sealed class DhcpDecodeCommand : ICommand
{
    private static readonly string[] Forms = ["--v4", "--v6", "--list"];

    public string Name => "dhcp decode";

    public string Usage => "dhcp decode (--v4 HEX | --v6 HEX | --list HEX)   (HEX with or without colons or spaces)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var commandLine = CommandLine.Parse(args, Forms, []);
        var given = Forms.Where(f => commandLine.Get(f) is not null).ToList();
        if (given.Count != 1)
        {
            throw new CommandLineException("Give exactly one of --v4 (DHCPv4 option instances), --v6 (a DHCPv6 option) or --list (a bootstrap-server-list).");
        }

        var bytes = HexText.Parse(commandLine.Require(given[0]));
        var decoded = given[0] switch
        {
            "--v4" => SztpRedirectOption.DecodeDhcpV4(bytes),
            "--v6" => SztpRedirectOption.DecodeDhcpV6(bytes),
            _ => SztpRedirectOption.DecodeList(bytes),
        };

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
            await stderr.WriteLineAsync($"sztp-device {Name}: {decoded.Error}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }
}
