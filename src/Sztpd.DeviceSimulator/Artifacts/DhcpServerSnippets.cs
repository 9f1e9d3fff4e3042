using System.Text;

namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>
/// Ready-to-paste DHCP server configuration carrying an encoded bootstrap-server-list (RFC 8572 §8): ISC dhcpd
/// (DHCPv4 and DHCPv6) and Kea (<c>Dhcp4</c>/<c>Dhcp6</c> <c>option-data</c> entries).
/// </summary>
/// <remarks>
/// ISC dhcpd: a <c>string</c> option takes colon-separated hexadecimal octets (dhcp-options(5)); the option is
/// declared with <c>option NAME code N = string;</c> (DHCPv6: in the <c>dhcp6</c> space). Kea: an
/// <c>option-data</c> entry names the option by <c>code</c> and <c>space</c>; <c>csv-format</c> false makes
/// <c>data</c> raw hexadecimal, which works whether or not the Kea version knows the option
/// (<c>v4-sztp-redirect</c> / <c>v6-sztp-redirect</c> in recent versions). Kea's configuration parser accepts
/// <c>//</c> comments.
/// </remarks>
public static class DhcpServerSnippets
{
    /// <summary>ISC dhcpd (DHCPv4) statements: the option-143 definition and one option statement with the whole list.</summary>
    public static string IscDhcpd(ReadOnlySpan<byte> list)
    {
        var text = new StringBuilder();
        text.Append("# RFC 8572 §8.1 OPTION_V4_SZTP_REDIRECT (").Append(list.Length).AppendLine(" octets)");
        if (list.Length > SztpRedirectOption.MaxDhcpV4InstanceData)
        {
            text.AppendLine("# Longer than 255 octets: dhcpd splits a long option into several option-143 instances itself (RFC 3396).");
        }

        text.AppendLine("option sztp-redirect code 143 = string;");
        text.Append("option sztp-redirect ").Append(HexText.Colon(list)).AppendLine(";");
        return text.ToString();
    }

    /// <summary>ISC dhcpd6 (DHCPv6) statements: the option-136 definition in the dhcp6 space and the option statement.</summary>
    public static string IscDhcpd6(ReadOnlySpan<byte> list)
    {
        var text = new StringBuilder();
        text.Append("# RFC 8572 §8.2 OPTION_V6_SZTP_REDIRECT (").Append(list.Length).AppendLine(" octets)");
        text.AppendLine("option dhcp6.sztp-redirect code 136 = string;");
        text.Append("option dhcp6.sztp-redirect ").Append(HexText.Colon(list)).AppendLine(";");
        return text.ToString();
    }

    /// <summary>A Kea DHCPv4 <c>option-data</c> entry (for a <c>Dhcp4</c> global, shared-network, subnet or class scope).</summary>
    public static string KeaDhcp4(ReadOnlySpan<byte> list)
    {
        var note = list.Length > SztpRedirectOption.MaxDhcpV4InstanceData
            ? "// Longer than 255 octets: needs a Kea version that sends long options split per RFC 3396.\n"
            : string.Empty;
        return $"// Kea name: v4-sztp-redirect (RFC 8572 §8.1); set by code so older versions take it too.\n{note}"
            + Entry(SztpRedirectOption.DhcpV4Code, "dhcp4", list);
    }

    /// <summary>A Kea DHCPv6 <c>option-data</c> entry (for a <c>Dhcp6</c> global, shared-network, subnet or class scope).</summary>
    public static string KeaDhcp6(ReadOnlySpan<byte> list) =>
        "// Kea name: v6-sztp-redirect (RFC 8572 §8.2); set by code so older versions take it too.\n"
        + Entry(SztpRedirectOption.DhcpV6Code, "dhcp6", list);

    private static string Entry(int code, string space, ReadOnlySpan<byte> list) =>
        $"{{ \"code\": {code}, \"space\": \"{space}\", \"csv-format\": false, \"data\": \"{Convert.ToHexString(list)}\" }}\n";
}
