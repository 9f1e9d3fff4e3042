using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// <c>dhcp encode</c>: the SZTP redirect options (RFC 8572 §8) for a list of bootstrap server URIs, as hex and as
/// ISC dhcpd / Kea configuration.
/// </summary>
internal sealed class DhcpEncodeCommand : Command
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly Option<string[]> _uris = new("--uri")
    {
        HelpName = "https://HOST[:PORT]",
        Description = "A bootstrap server URI; repeat it for several bootstrap servers.",
        Required = true,
    };

    private readonly Option<bool> _json = new("--json") { Description = "Print the hex values as JSON instead of text and server configuration." };

    public DhcpEncodeCommand()
        : base("encode", "Prints the SZTP redirect options (RFC 8572 section 8) for bootstrap server URIs, in hex and as ISC dhcpd and Kea configuration.")
    {
        Add(_uris);
        Add(_json);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var uris = parseResult.GetRequiredValue(_uris);
        var list = SztpRedirectOption.EncodeList(uris);
        var v4 = SztpRedirectOption.SplitDhcpV4(list);
        var v6 = SztpRedirectOption.DhcpV6Option(list);
        await parseResult.InvocationConfiguration.Output.WriteAsync(parseResult.GetValue(_json) ? Json(uris, list, v4, v6) : Text(list, v4, v6)).ConfigureAwait(false);
        return 0;
    }

    private static string Json(IReadOnlyList<string> uris, byte[] list, IReadOnlyList<byte[]> v4, byte[] v6) =>
        new JsonObject
        {
            ["uris"] = new JsonArray([.. uris.Select(u => JsonValue.Create(u))]),
            ["bootstrap_server_list"] = HexText.Plain(list),
            ["dhcpv4_options"] = new JsonArray([.. v4.Select(o => JsonValue.Create(HexText.Plain(o)))]),
            ["dhcpv6_option"] = HexText.Plain(v6),
        }.ToJsonString(Indented) + "\n";

    private static string Text(byte[] list, IReadOnlyList<byte[]> v4, byte[] v6)
    {
        var instances = v4.Count == 1 ? "1 instance" : $"{v4.Count} instances, RFC 3396";
        return $"""
            == bootstrap-server-list (RFC 8572 §8.3, {list.Length} octets)
            {HexText.Plain(list)}

            == DHCPv4 option 143 ({instances}: code, length, data)
            {string.Join('\n', v4.Select(o => HexText.Plain(o)))}

            == DHCPv6 option 136 (code, length, data)
            {HexText.Plain(v6)}

            == ISC dhcpd (dhcpd.conf)
            {DhcpServerSnippets.IscDhcpd(list)}
            == ISC dhcpd -6 (dhcpd6.conf)
            {DhcpServerSnippets.IscDhcpd6(list)}
            == Kea DHCPv4: an entry of "option-data" in "Dhcp4" (or a subnet, pool or class)
            {DhcpServerSnippets.KeaDhcp4(list)}
            == Kea DHCPv6: an entry of "option-data" in "Dhcp6" (or a subnet, pool or class)
            {DhcpServerSnippets.KeaDhcp6(list)}
            """;
    }
}
