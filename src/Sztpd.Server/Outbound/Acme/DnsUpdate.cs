using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Sztpd.Server.Outbound.Acme;

/// <summary>A TSIG key (RFC 8945): its name, algorithm (<c>hmac-sha256</c> or <c>hmac-sha512</c>) and secret.</summary>
internal sealed record TsigKey(string Name, string Algorithm, byte[] Secret);

/// <summary>
/// DNS dynamic updates (RFC 2136) of one TXT record, signed with TSIG (RFC 8945), over TCP: what ACME's DNS-01
/// challenge needs of the zone's primary server. Written here rather than taken from a DNS library: the one .NET
/// library that does it (ARSoft.Tools.Net) brings BouncyCastle and a whole resolver and server for one message type.
/// The answer's RCODE is checked; its TSIG is not verified (the update's effect is what the ACME server checks).
/// </summary>
internal static class DnsUpdate
{
    private const ushort Txt = 16, Soa = 6, Tsig = 250, ClassIn = 1, ClassNone = 254, ClassAny = 255, OpcodeUpdate = 5;

    /// <summary>Adds (or with <paramref name="delete"/>, deletes) TXT <paramref name="value"/> at <paramref name="name"/> in <paramref name="zone"/>.</summary>
    /// <exception cref="AcmeException">The server refused the update (its RCODE) or answered something else.</exception>
    public static async Task SendAsync(IPEndPoint server, string zone, string name, string value, TsigKey key, bool delete, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(key);
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var message = Message(id, zone, name, value, delete);
        var signed = Sign(message, id, key, now);
        using var tcp = new TcpClient(server.AddressFamily);
        await tcp.ConnectAsync(server, ct).ConfigureAwait(false);
        await using var stream = tcp.GetStream();
        var framed = new byte[2 + signed.Length];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)signed.Length);
        signed.CopyTo(framed, 2);
        await stream.WriteAsync(framed, ct).ConfigureAwait(false);
        var length = new byte[2];
        await stream.ReadExactlyAsync(length, ct).ConfigureAwait(false);
        var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
        await stream.ReadExactlyAsync(answer, ct).ConfigureAwait(false);
        if (answer.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(answer) != id)
        {
            throw new AcmeException($"The DNS server {server} answered the update with something else.");
        }
        var rcode = answer[3] & 0x0F;
        if (rcode != 0)
        {
            throw new AcmeException($"The DNS server {server} refused the update of {name} in zone {zone}: {Rcode(rcode)}.");
        }
    }

    /// <summary>The UPDATE message: the zone, and one TXT record added (class IN) or deleted (class NONE).</summary>
    private static byte[] Message(ushort id, string zone, string name, string value, bool delete)
    {
        using var m = new MemoryStream();
        Write16(m, id);
        Write16(m, OpcodeUpdate << 11);
        Write16(m, 1); // ZOCOUNT
        Write16(m, 0); // PRCOUNT
        Write16(m, 1); // UPCOUNT
        Write16(m, 0); // ADCOUNT (the TSIG is added by Sign)
        WriteName(m, zone);
        Write16(m, Soa);
        Write16(m, ClassIn);
        WriteName(m, name);
        Write16(m, Txt);
        Write16(m, delete ? ClassNone : ClassIn);
        Write32(m, delete ? 0u : 60u);
        var text = Encoding.ASCII.GetBytes(value);
        if (text.Length > 255)
        {
            throw new ArgumentException("A TXT string is at most 255 bytes.", nameof(value));
        }
        Write16(m, (ushort)(text.Length + 1));
        m.WriteByte((byte)text.Length);
        m.Write(text);
        return m.ToArray();
    }

    /// <summary>The message with its TSIG record appended (RFC 8945 §4.2): the MAC over the message and the TSIG variables.</summary>
    private static byte[] Sign(byte[] message, ushort id, TsigKey key, DateTimeOffset now)
    {
        var signedAt = (ulong)now.ToUnixTimeSeconds();
        const ushort Fudge = 300;
        using var variables = new MemoryStream();
        variables.Write(message);
        WriteName(variables, key.Name);
        Write16(variables, ClassAny);
        Write32(variables, 0);
        WriteName(variables, key.Algorithm);
        Write48(variables, signedAt);
        Write16(variables, Fudge);
        Write16(variables, 0); // Error
        Write16(variables, 0); // Other Len
        var mac = key.Algorithm switch
        {
            "hmac-sha256" => HMACSHA256.HashData(key.Secret, variables.ToArray()),
            "hmac-sha512" => HMACSHA512.HashData(key.Secret, variables.ToArray()),
            _ => throw new ArgumentException($"TSIG algorithm {key.Algorithm} is not supported (hmac-sha256, hmac-sha512).", nameof(key)),
        };
        using var rdata = new MemoryStream();
        WriteName(rdata, key.Algorithm);
        Write48(rdata, signedAt);
        Write16(rdata, Fudge);
        Write16(rdata, (ushort)mac.Length);
        rdata.Write(mac);
        Write16(rdata, id);
        Write16(rdata, 0); // Error
        Write16(rdata, 0); // Other Len
        using var signed = new MemoryStream();
        signed.Write(message);
        WriteName(signed, key.Name);
        Write16(signed, Tsig);
        Write16(signed, ClassAny);
        Write32(signed, 0);
        Write16(signed, (ushort)rdata.Length);
        signed.Write(rdata.ToArray());
        var bytes = signed.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(10), 1); // ADCOUNT: the TSIG
        return bytes;
    }

    private static string Rcode(int rcode) => rcode switch
    {
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        6 => "YXDOMAIN",
        7 => "YXRRSET",
        8 => "NXRRSET",
        9 => "NOTAUTH (the TSIG key or the zone is not accepted)",
        10 => "NOTZONE (the name is not in the zone)",
        _ => $"RCODE {rcode}",
    };

    /// <summary>A domain name in canonical wire form (RFC 4034 §6.2: uncompressed, lowercase).</summary>
    private static void WriteName(Stream s, string name)
    {
        foreach (var label in name.TrimEnd('.').ToLowerInvariant().Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            if (bytes.Length > 63)
            {
                throw new ArgumentException($"The DNS label \"{label}\" is longer than 63 bytes.", nameof(name));
            }
            s.WriteByte((byte)bytes.Length);
            s.Write(bytes);
        }
        s.WriteByte(0);
    }

    private static void Write16(Stream s, int value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value);
        s.Write(b);
    }

    private static void Write32(Stream s, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        s.Write(b);
    }

    private static void Write48(Stream s, ulong value)
    {
        Write16(s, (ushort)(value >> 32));
        Write32(s, (uint)value);
    }
}
