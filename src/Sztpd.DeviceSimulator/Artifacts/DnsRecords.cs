using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>
/// Zone-file lines for RFC 8572 §4.2: device-specific TXT records under <c>&lt;serial-number&gt;._sztp.&lt;domain&gt;</c>
/// and device-independent SRV records under <c>_sztp._tcp.&lt;domain&gt;</c>.
/// </summary>
/// <remarks>
/// <para>
/// How an artifact fits a TXT record. A &lt;character-string&gt; holds at most 255 octets (RFC 1035 §3.3), and
/// DNS-SD (RFC 6763 §6.1, §6.3) puts each key/value pair in exactly one character-string, so a DNS-SD value can
/// never exceed 253 octets. RFC 8572 §4.2.2 only says its encoding is "similar to" RFC 6763 §6.3, and §4.2.4
/// expects artifacts of several kilobytes, bounded only by the 65535-octet RDLENGTH of one resource record. The
/// two statements are only compatible if one artifact's <c>key=value</c> is a single logical string spread over
/// consecutive character-strings of one TXT RR, which the device concatenates — the convention SPF (RFC 7208
/// §3.3) and DKIM (RFC 6376 §3.6.2.2) use for the same problem.
/// </para>
/// <para>
/// So: one TXT RR per artifact (as in the §4.2.2 example), its RDATA the octets <c>ci=</c> (or <c>oc=</c>,
/// <c>ov=</c>) followed by the binary artifact, cut into character-strings of 255 octets (the last shorter).
/// An artifact whose RDATA would exceed 65535 octets is refused: §4.2.4 says to publish redirect information
/// instead. Non-printable octets are written <c>\DDD</c>, and <c>"</c> and <c>\</c> are escaped.
/// </para>
/// </remarks>
public static partial class DnsRecords
{
    /// <summary>The device-specific TXT records: <c>ci</c>, then <c>oc</c> and <c>ov</c> when signed data is published.</summary>
    /// <exception cref="ArgumentException">A bad domain or serial number, only one of the owner certificate and
    /// voucher, or an artifact too large for one resource record.</exception>
    public static IReadOnlyList<string> TxtRecords(
        string domain, string serialNumber, byte[] conveyedInformation, byte[]? ownerCertificate, byte[]? ownershipVoucher, int ttl)
    {
        ArgumentNullException.ThrowIfNull(conveyedInformation);
        var zone = DomainName(domain);
        if (serialNumber.Length is 0 or > 63 || !serialNumber.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException(
                $"\"{serialNumber}\" cannot be a DNS label here: use 1-63 letters, digits, '-' or '_'.", nameof(serialNumber));
        }

        if (ownerCertificate is null != ownershipVoucher is null)
        {
            throw new ArgumentException("The owner certificate and the ownership voucher go together (signed data) or not at all.");
        }

        var owner = $"{serialNumber}._sztp.{zone} {Ttl(ttl)} IN TXT";
        var records = new List<string> { Txt(owner, "ci", conveyedInformation) };
        if (ownerCertificate is not null && ownershipVoucher is not null)
        {
            records.Add(Txt(owner, "oc", ownerCertificate));
            records.Add(Txt(owner, "ov", ownershipVoucher));
        }

        return records;
    }

    /// <summary>
    /// The device-independent SRV records for <paramref name="servers"/> (<c>host[:port]</c>, port 443 by default):
    /// priority in list order (0, 1, ...), weight 0.
    /// </summary>
    /// <exception cref="ArgumentException">A bad domain, no server, or a server that is not a host name and port.</exception>
    public static IReadOnlyList<string> SrvRecords(string domain, IEnumerable<string> servers, int ttl)
    {
        var owner = $"_sztp._tcp.{DomainName(domain)} {Ttl(ttl)} IN SRV";
        var records = servers.Select((server, priority) =>
        {
            var (host, port) = HostAndPort(server);
            return $"{owner} {priority} 0 {port} {host}";
        }).ToList();
        return records.Count > 0 ? records : throw new ArgumentException("At least one bootstrap server is needed.", nameof(servers));
    }

    /// <summary>
    /// The octets of TXT RDATA in presentation format — a whole zone-file line (everything after the <c>TXT</c>
    /// token is read) or only the quoted strings — with its character-strings concatenated, e.g. <c>ci=</c> and
    /// the artifact. The reverse of the escaping in <see cref="TxtRecords"/>.
    /// </summary>
    /// <exception cref="FormatException">Malformed presentation format.</exception>
    public static byte[] DecodeTxt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var firstQuote = text.IndexOf('"', StringComparison.Ordinal);
        var txt = TxtToken().Match(firstQuote < 0 ? text : text[..firstQuote]);
        var rdata = txt.Success ? text[(txt.Index + txt.Length)..] : text;
        return [.. ZoneText.Unquote(rdata).SelectMany(s => s)];
    }

    private static string Txt(string owner, string key, byte[] artifact)
    {
        byte[] value = [.. Encoding.ASCII.GetBytes(key + "="), .. artifact];
        var strings = value.Chunk(ZoneText.MaxCharacterString).Select(chunk => ZoneText.Quote(chunk)).ToList();
        var rdataLength = value.Length + strings.Count;
        if (rdataLength > ushort.MaxValue)
        {
            throw new ArgumentException(
                $"The \"{key}\" artifact needs {rdataLength} octets of TXT RDATA; one resource record holds at most 65535. "
                + "RFC 8572 §4.2.4: publish redirect information instead.");
        }

        return strings.Count == 1
            ? $"{owner} {strings[0]}"
            : $"{owner} (\n    {string.Join("\n    ", strings)} )";
    }

    private static (string Host, int Port) HostAndPort(string server)
    {
        var colon = server.LastIndexOf(':');
        var host = colon < 0 ? server : server[..colon];
        var portText = colon < 0 ? "443" : server[(colon + 1)..];
        if (IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            throw new ArgumentException($"\"{server}\": an SRV target is a host name (RFC 2782), not an address.");
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"\"{server}\": \"{portText}\" is not a port number (1-65535).");
        }

        return (DomainName(host), port);
    }

    private static string DomainName(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        var labels = trimmed.Split('.');
        return trimmed.Length is > 0 and <= 253
            && labels.All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            ? trimmed + "."
            : throw new ArgumentException($"\"{name}\" is not a domain name (dot-separated labels of letters, digits, '-', '_').");
    }

    private static string Ttl(int ttl) => ttl >= 0
        ? ttl.ToString(CultureInfo.InvariantCulture)
        : throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A TTL is not negative.");

    [GeneratedRegex(@"(?:^|\s)TXT(?:\s|$)", RegexOptions.IgnoreCase | RegexOptions.RightToLeft | RegexOptions.CultureInvariant)]
    private static partial Regex TxtToken();
}
