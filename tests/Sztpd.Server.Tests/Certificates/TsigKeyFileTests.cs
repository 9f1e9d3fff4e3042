using System.Diagnostics;
using Sztpd.Server.Outbound.Acme;
using Sztpd.Testing;

namespace Sztpd.Server.Tests.Certificates;

/// <summary>SZTPD_TSIG_KEYS_FILE: BIND's key statements, as tsig-keygen writes them (docs/configuration.md).</summary>
public sealed class TsigKeyFileTests
{
    /// <summary>What <c>tsig-keygen -a ALGORITHM NAME</c> prints (Debian's bind9).</summary>
    private static string KeyGen(string algorithm, string name)
    {
        const string Tool = "/usr/sbin/tsig-keygen";
        if (!File.Exists(Tool))
        {
            throw ToolMissingException.For("tsig-keygen is not installed (`apt-get install -y bind9`); .ci/run installs it.");
        }
        using var process = Process.Start(new ProcessStartInfo(Tool, ["-a", algorithm, name]) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }

    [Fact]
    public void KeysTsigKeygenWrote_AreRead_WithTheirAlgorithmAndSecret()
    {
        var text = KeyGen("hmac-sha256", "first") + KeyGen("hmac-sha512", "second.example.");

        var keys = TsigKeyFile.Parse(text, out var error);

        Assert.Null(error);
        Assert.Equal(["first", "second.example"], keys!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("hmac-sha256", 32), (keys["first"].Algorithm, keys["first"].Secret.Length));
        Assert.Equal(("hmac-sha512", 64), (keys["second.example"].Algorithm, keys["second.example"].Secret.Length));
    }

    [Theory]
    [InlineData("hmac-md5", "uses hmac-md5")]
    [InlineData("none", "holds no key statement")]
    public void AnAlgorithmSztpdDoesNotSignWith_OrNoKey_IsRefused(string algorithm, string message)
    {
        var text = algorithm == "none" ? "# nothing here\n" : KeyGen(algorithm, "old");

        Assert.Null(TsigKeyFile.Parse(text, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
