using System.Buffers.Binary;
using System.Text;

namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>
/// The SZTP redirect DHCP options of RFC 8572 §8: OPTION_V4_SZTP_REDIRECT (143) and OPTION_V6_SZTP_REDIRECT (136),
/// both carrying a bootstrap-server-list (§8.3): for each URI, a 16-bit big-endian uri-length and the URI's octets.
/// </summary>
/// <remarks>
/// DHCPv4: per RFC 8572 §8.1 as corrected by erratum 6684, a list longer than 255 octets is split across several
/// option-143 instances per RFC 3396 (the split may cut an entry; the receiver concatenates the instances' data in
/// order before decoding). DHCPv6: option 136 is a singleton with a 16-bit length.
/// </remarks>
public static partial class SztpRedirectOption
{
    /// <summary>OPTION_V4_SZTP_REDIRECT.</summary>
    public const byte DhcpV4Code = 143;

    /// <summary>OPTION_V6_SZTP_REDIRECT.</summary>
    public const ushort DhcpV6Code = 136;

    /// <summary>The most data one DHCPv4 option instance holds (its length is one octet).</summary>
    public const int MaxDhcpV4InstanceData = 255;

    /// <summary>Encodes the bootstrap-server-list (§8.3) of one or more <c>https://host[:port]</c> URIs, in order.</summary>
    /// <exception cref="ArgumentException">No URI, or a URI not of the §8.3 form (the message names it and why).</exception>
    public static byte[] EncodeList(IEnumerable<string> uris)
    {
        ArgumentNullException.ThrowIfNull(uris);
        var list = uris.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("The bootstrap-server-list needs at least one URI.", nameof(uris));
        }

        using var stream = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var uri in list)
        {
            if (!BootstrapServerUri.IsValid(uri, out var reason))
            {
                throw new ArgumentException(
                    $"\"{uri}\" is not a bootstrap server URI: {reason}. RFC 8572 §8.3 allows https://<ip-address-or-hostname>[:<port>].",
                    nameof(uris));
            }

            var bytes = Encoding.ASCII.GetBytes(uri);
            BinaryPrimitives.WriteUInt16BigEndian(length, checked((ushort)bytes.Length));
            stream.Write(length);
            stream.Write(bytes);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The whole DHCPv4 option instances (143, length, data) of an encoded bootstrap-server-list: one when the list fits
    /// in 255 octets, otherwise as many as needed, each holding at most 255 octets of the list (RFC 3396).
    /// </summary>
    public static IReadOnlyList<byte[]> SplitDhcpV4(ReadOnlySpan<byte> list)
    {
        var instances = new List<byte[]>();
        do
        {
            var chunk = list[..Math.Min(list.Length, MaxDhcpV4InstanceData)];
            instances.Add([DhcpV4Code, (byte)chunk.Length, .. chunk]);
            list = list[chunk.Length..];
        }
        while (!list.IsEmpty);

        return instances;
    }

    /// <summary>The DHCPv6 option (136 as uint16, option-length as uint16, the list) of an encoded bootstrap-server-list.</summary>
    /// <exception cref="ArgumentException">The list exceeds 65535 octets.</exception>
    public static byte[] DhcpV6Option(ReadOnlySpan<byte> list)
    {
        if (list.Length > ushort.MaxValue)
        {
            throw new ArgumentException(
                $"The bootstrap-server-list is {list.Length} octets; a DHCPv6 option holds at most 65535.", nameof(list));
        }

        var option = new byte[4 + list.Length];
        BinaryPrimitives.WriteUInt16BigEndian(option, DhcpV6Code);
        BinaryPrimitives.WriteUInt16BigEndian(option.AsSpan(2), (ushort)list.Length);
        list.CopyTo(option.AsSpan(4));
        return option;
    }
}
