using System.Buffers.Binary;
using System.Text;

namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>Decoding, as a device (DHCP client) does.</summary>
public static partial class SztpRedirectOption
{
    private const byte DhcpV4Pad = 0;
    private const byte DhcpV4End = 255;

    /// <summary>
    /// Reads a bootstrap-server-list (§8.3). Invalid URI entries are ignored; with no valid URI the option is
    /// discarded; an entry whose uri-length runs past the end makes the list malformed (also discarded).
    /// </summary>
    public static SztpRedirectDecoding DecodeList(ReadOnlySpan<byte> list)
    {
        var uris = new List<string>();
        var invalid = new List<SztpRedirectInvalidEntry>();
        var offset = 0;
        while (offset < list.Length)
        {
            if (list.Length - offset < 2)
            {
                return Discarded($"The bootstrap-server-list ends in the middle of a uri-length (octet {offset}).", invalid);
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(list[offset..]);
            if (length > list.Length - offset - 2)
            {
                return Discarded(
                    $"The entry at octet {offset} has uri-length {length} but only {list.Length - offset - 2} octets follow: the list is truncated.",
                    invalid);
            }

            var bytes = list.Slice(offset + 2, length);
            offset += 2 + length;
            var text = Encoding.UTF8.GetString(bytes);
            if (BootstrapServerUri.IsValid(text, out var reason))
            {
                uris.Add(text);
            }
            else
            {
                invalid.Add(new SztpRedirectInvalidEntry(text, reason));
            }
        }

        return uris.Count == 0
            ? Discarded("The option holds no valid URI; RFC 8572 §8.1/§8.2: the client MUST discard it.", invalid)
            : new SztpRedirectDecoding { Uris = uris, Invalid = invalid };
    }

    /// <summary>
    /// Reads DHCPv4 options: one or several whole option instances (code, length, data), pad (0) and end (255)
    /// allowed. The data of every option-143 instance is concatenated in order (RFC 3396) and decoded; other
    /// option codes are skipped. No option 143, or a length running past the input, is an error.
    /// </summary>
    public static SztpRedirectDecoding DecodeDhcpV4(ReadOnlySpan<byte> options)
    {
        using var data = new MemoryStream();
        var found = false;
        var offset = 0;
        while (offset < options.Length && options[offset] != DhcpV4End)
        {
            var code = options[offset];
            if (code == DhcpV4Pad)
            {
                offset++;
                continue;
            }

            if (offset + 1 >= options.Length || offset + 2 + options[offset + 1] > options.Length)
            {
                return Discarded($"The DHCPv4 option {code} at octet {offset} runs past the end of the input.", []);
            }

            var length = options[offset + 1];
            if (code == DhcpV4Code)
            {
                found = true;
                data.Write(options.Slice(offset + 2, length));
            }

            offset += 2 + length;
        }

        return found ? DecodeList(data.ToArray()) : Discarded("No DHCPv4 option 143 (OPTION_V4_SZTP_REDIRECT) in the input.", []);
    }

    /// <summary>Reads one DHCPv6 option-136 TLV (16-bit code, 16-bit length, the list), with nothing after it.</summary>
    public static SztpRedirectDecoding DecodeDhcpV6(ReadOnlySpan<byte> option)
    {
        if (option.Length < 4)
        {
            return Discarded("A DHCPv6 option needs at least 4 octets (option-code and option-length).", []);
        }

        var code = BinaryPrimitives.ReadUInt16BigEndian(option);
        var length = BinaryPrimitives.ReadUInt16BigEndian(option[2..]);
        if (code != DhcpV6Code)
        {
            return Discarded($"The DHCPv6 option code is {code}, not 136 (OPTION_V6_SZTP_REDIRECT).", []);
        }

        return length != option.Length - 4
            ? Discarded($"The DHCPv6 option-length is {length} but {option.Length - 4} octets follow.", [])
            : DecodeList(option[4..]);
    }

    private static SztpRedirectDecoding Discarded(string error, IReadOnlyList<SztpRedirectInvalidEntry> invalid) =>
        new() { Uris = [], Invalid = invalid, Error = error };
}
