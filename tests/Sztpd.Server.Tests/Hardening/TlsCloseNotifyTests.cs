using System.Diagnostics;
using System.Globalization;
using Sztpd.Server.Tests.Infrastructure;

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
        var info = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "s_client", "-connect", $"127.0.0.1:{s.SbiPort.ToString(CultureInfo.InvariantCulture)}", "-quiet" })
        {
            info.ArgumentList.Add(argument);
        }
        using var openssl = Process.Start(info)!;
        var output = openssl.StandardOutput.ReadToEndAsync();
        var error = openssl.StandardError.ReadToEndAsync();
        await openssl.StandardInput.WriteAsync("GET /restconf HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        await openssl.StandardInput.FlushAsync();
        await openssl.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 401", await output);
        Assert.DoesNotContain("unexpected eof", await error);
        Assert.Equal(0, openssl.ExitCode);
    }
}
