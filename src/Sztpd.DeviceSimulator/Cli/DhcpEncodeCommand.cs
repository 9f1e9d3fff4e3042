using System.Text.Json;
using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// <c>dhcp encode</c>: the SZTP redirect options (RFC 8572 §8) for a list of bootstrap server URIs, as hex and as
/// ISC dhcpd / Kea configuration.
/// </summary>
public sealed class DhcpEncodeCommand : ICommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Name => "dhcp encode";

    public string Usage => "dhcp encode --uri https://HOST[:PORT] [--uri ...] [--json]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var commandLine = CommandLine.Parse(args, ["--uri"], ["--json"], repeatable: ["--uri"]);
        var uris = commandLine.GetAll("--uri");
        if (uris.Count == 0)
        {
            throw new CommandLineException("--uri is required (repeat it for several bootstrap servers).");
        }

        var list = SztpRedirectOption.EncodeList(uris);
        var v4 = SztpRedirectOption.SplitDhcpV4(list);
        var v6 = SztpRedirectOption.DhcpV6Option(list);
        await stdout.WriteAsync(commandLine.Has("--json") ? Json(uris, list, v4, v6) : Text(list, v4, v6)).ConfigureAwait(false);
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
