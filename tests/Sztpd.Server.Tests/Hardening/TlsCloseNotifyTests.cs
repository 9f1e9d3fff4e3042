using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;

namespace Sztpd.Server.Tests.Hardening;

/// <summary>
/// A TLS connection the server closes ends with a close_notify alert (RFC 8446 section 6.1; issue 15: OpenSSL 3 clients
/// reported "unexpected eof while reading" after a complete answer). openssl s_client is the independent judge.
/// </summary>
public sealed class TlsCloseNotifyTests
{
    [Fact]
    public async Task AConnectionClosedAfterTheAnswer_EndsWithCloseNotify()
    {
        await using var s = await OpiServer.StartAsync();
        var (exit, output, error) = await OpenSsl.SClientAsync(s.SbiPort, "GET /restconf HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", "-quiet");

        Assert.StartsWith("HTTP/1.1 401", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected eof", error, StringComparison.Ordinal);
        Assert.Equal(0, exit);
    }
}
