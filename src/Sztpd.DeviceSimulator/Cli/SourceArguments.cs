using System.CommandLine;
using System.CommandLine.Parsing;
using Sztpd.DeviceSimulator.Artifacts;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>The bootstrapping sources of <c>run</c> (RFC 8572 §5.2), each option repeatable; at least one is needed.</summary>
internal sealed class SourceArguments
{
    public Option<Uri[]> BootstrapUrls { get; } = new("--bootstrap-url")
    {
        HelpName = "URL",
        Description = "A bootstrap server: https://host:port (found with host-meta) or a URL with a path (the RESTCONF root or the RPC). Repeatable: tried in order.",
        CustomParser = OptionValues.HttpsUrls,
    };

    public Option<BootstrapSource[]> DhcpV4 { get; } = Dhcp("--dhcp-v4", "The DHCPv4 option 143 value(s) \"dhcp encode\" prints, joined into one answer. Repeatable.", b => SztpRedirectOption.DecodeDhcpV4(b));

    public Option<BootstrapSource[]> DhcpV6 { get; } = Dhcp("--dhcp-v6", "The DHCPv6 option 136 value \"dhcp encode\" prints. Repeatable.", b => SztpRedirectOption.DecodeDhcpV6(b));

    public Option<string[]> RemovableStorage { get; } = new("--removable-storage") { HelpName = "DIR", Description = "A removable storage root, as \"storage bundle\" writes it. Repeatable." };

    /// <summary>Adds the options to <paramref name="command"/>, which then refuses a command line without a source.</summary>
    public void AddTo(Command command)
    {
        command.Add(BootstrapUrls);
        command.Add(DhcpV4);
        command.Add(DhcpV6);
        command.Add(RemovableStorage);
        command.AnyOf("Give a source: --bootstrap-url URL, --dhcp-v4 HEX, --dhcp-v6 HEX or --removable-storage DIR.", BootstrapUrls, DhcpV4, DhcpV6, RemovableStorage);
    }

    /// <summary>The sources in the order a device tries them: removable storage, DHCP option values, bootstrap URLs.</summary>
    public IReadOnlyList<BootstrapSource> Read(ParseResult parseResult)
    {
        var sources = new List<BootstrapSource>();
        sources.AddRange((parseResult.GetValue(RemovableStorage) ?? []).Select(BootstrapSource.RemovableStorage));
        sources.AddRange(parseResult.GetValue(DhcpV4) ?? []);
        sources.AddRange(parseResult.GetValue(DhcpV6) ?? []);
        if (parseResult.GetValue(BootstrapUrls) is { Length: > 0 } urls)
        {
            sources.Add(BootstrapSource.Servers(urls));
        }

        return sources;
    }

    /// <summary>A repeatable DHCP option value in hex, decoded as a device does; an option a device discards is refused.</summary>
    private static Option<BootstrapSource[]> Dhcp(string name, string description, Func<byte[], SztpRedirectDecoding> decode) => new(name)
    {
        HelpName = "HEX",
        Description = description,
        CustomParser = result => [.. result.Tokens.Select(t => Source(result, t.Value, decode))],
    };

    private static BootstrapSource Source(ArgumentResult result, string hex, Func<byte[], SztpRedirectDecoding> decode)
    {
        if (OptionValues.Hex(result, hex) is not { } bytes)
        {
            return null!; // refused
        }

        var decoded = decode(bytes);
        return decoded.IsDiscarded
            ? OptionValues.Refuse<BootstrapSource>(result, $"{OptionValues.NameOf(result)}: the option is discarded: {decoded.Error}", null!)
            : BootstrapSource.Servers([.. decoded.Uris.Select(u => new Uri(u))]);
    }
}
