using System.Net.Sockets;
using System.Text;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 written byte by byte on a loopback socket, for requests HttpClient will not send (a broken chunked body):
/// the request goes out as given, the answer is read until the server closes the connection.
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>A POST of <paramref name="chunkedBody"/> (already framed as <c>Transfer-Encoding: chunked</c>) to <paramref name="path"/>.</summary>
    public static Task<Answer> PostChunkedAsync(int port, string path, string? authorization, string chunkedBody) =>
        SendAsync(port, Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            + (authorization is null ? "" : $"Authorization: {authorization}\r\n")
            + "Content-Type: application/yang-data+json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + chunkedBody));

    public static async Task<Answer> SendAsync(int port, byte[] request)
    {
        using var tcp = new TcpClient();
        // A bound on a server that never answers, not a wait for something to happen.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tcp.ConnectAsync("127.0.0.1", port, timeout.Token).ConfigureAwait(false);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request, timeout.Token).ConfigureAwait(false);
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The server reset the connection after its answer (it does not read the rest of a broken body).
        }
        return Parse(received.ToArray());
    }

    private static Answer Parse(byte[] response)
    {
        var text = Encoding.UTF8.GetString(response);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no HTTP answer: \"{text}\"");
        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(h => h[0].Trim(), h => h[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(split + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static string Dechunk(string chunked)
    {
        var result = new StringBuilder();
        var rest = chunked;
        while (rest.IndexOf("\r\n", StringComparison.Ordinal) is var eol and > 0)
        {
            var size = Convert.ToInt32(rest[..eol].Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }
            result.Append(rest.AsSpan(eol + 2, size));
            rest = rest[(eol + 2 + size + 2)..];
        }
        return result.ToString();
    }
}
