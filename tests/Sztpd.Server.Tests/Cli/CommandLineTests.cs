using Sztpd.Testing;
using Sztpd.Testing.Processes;

namespace Sztpd.Server.Tests.Cli;

public sealed class CommandLineTests
{
    private static readonly Dictionary<string, string?> Init = new() { ["SZTPD_ACCEPT_CONTRACT"] = "Yes", ["SZTPD_INIT_MODE"] = "1" };

    [Fact]
    public async Task Help_PrintsUsageAndUrlForms_ExitsZero()
    {
        var (code, stdout, _) = await SztpdProcess.RunToExitAsync(["--help"]);
        Assert.Equal(0, code);
        Assert.Contains("usage: sztpd [-h] [-v] [-C CACERT] [-c CERT] [-k KEY] database-url", stdout);
        Assert.Contains("sqlite:////absolute/path/to/sztpd.db", stdout);
        Assert.Contains("mysql+pymysql://", stdout);
    }

    [Fact]
    public async Task Version_PrintsVersion_ExitsZero()
    {
        var (code, stdout, _) = await SztpdProcess.RunToExitAsync(["-v"]);
        Assert.Equal(0, code);
        Assert.Matches(@"^sztpd \d+\.\d+\.\d+", stdout);
    }

    [Theory]
    [InlineData(new string[0], "database-url")]
    [InlineData(new[] { "--bogus", "sqlite:///:memory:" }, "unrecognized argument")]
    [InlineData(new[] { "-c", "cert.pem", "-k", "key.pem", "postgresql://u@h/db" }, "require --cacert")]
    [InlineData(new[] { "-c", "cert.pem", "sqlite:///:memory:" }, "must be given together")]
    public async Task UsageError_ExitsNonZeroWithOneSentence(string[] args, string expected)
    {
        var (code, _, stderr) = await SztpdProcess.RunToExitAsync(args);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Theory]
    [InlineData("oracle://u:p@h/db")]
    [InlineData("sqlite:/relative.db")]
    [InlineData("postgresql://user:pw@host:notaport/db")]
    public async Task BadDatabaseUrl_ExitsNonZeroWithoutStackTrace(string url)
    {
        var (code, _, stderr) = await SztpdProcess.RunToExitAsync([url], Init);
        Assert.Equal(1, code);
        Assert.StartsWith("sztpd: error:", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task UnreachableDatabase_ExitsNonZeroNamingServerNotPassword()
    {
        var port = SztpdProcess.FreePort();
        var (code, _, stderr) = await SztpdProcess.RunToExitAsync([$"postgresql://user:hunter2@127.0.0.1:{port}/sztpd"], Init);
        Assert.Equal(1, code);
        Assert.Contains($"127.0.0.1:{port}", stderr);
        Assert.DoesNotContain("hunter2", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task CacertWithSqlite_IsRejected()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (code, _, stderr) = await SztpdProcess.RunToExitAsync(["--cacert", file, "sqlite:///:memory:"], Init);
            Assert.Equal(1, code);
            Assert.Contains("sqlite", stderr, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task UnreadableCertFile_ExitsWithClearError()
    {
        var (code, _, stderr) = await SztpdProcess.RunToExitAsync(["--cacert", "/nonexistent/ca.pem", "postgresql://u@127.0.0.1/db"], Init);
        Assert.Equal(1, code);
        Assert.Contains("/nonexistent/ca.pem", stderr);
    }

    [Fact]
    public async Task Uninitialized_NoTerminalNoVariables_FailsNamingTheVariables()
    {
        var (code, _, stderr) = await SztpdProcess.RunToExitAsync(["sqlite:///:memory:"], new Dictionary<string, string?>());
        Assert.Equal(1, code);
        Assert.Contains("SZTPD_ACCEPT_CONTRACT", stderr);
        Assert.Contains("SZTPD_INIT_MODE", stderr);
    }

    [Fact]
    public async Task ContractNotAccepted_Fails()
    {
        var (code, _, stderr) = await SztpdProcess.RunToExitAsync(["sqlite:///:memory:"], new Dictionary<string, string?> { ["SZTPD_ACCEPT_CONTRACT"] = "No", ["SZTPD_INIT_MODE"] = "1" });
        Assert.Equal(1, code);
        Assert.Contains("other than \"Yes\"", stderr);
    }

    [Fact]
    public async Task InvalidMode_Fails()
    {
        var (code, _, stderr) = await SztpdProcess.RunToExitAsync(["sqlite:///:memory:"], new Dictionary<string, string?> { ["SZTPD_ACCEPT_CONTRACT"] = "Yes", ["SZTPD_INIT_MODE"] = "2" });
        Assert.Equal(1, code);
        Assert.Contains("Must be '1' or 'x'", stderr);
    }

    [Theory]
    [InlineData("SZTPD_MAX_SECRET_LENGTH", "abc", "SZTPD_MAX_SECRET_LENGTH \"abc\" must be an integer between 16 and 65536.")]
    [InlineData("SZTPD_AUDIT_LOG_MAX_ENTRIES", "5", "SZTPD_AUDIT_LOG_MAX_ENTRIES \"5\" must be an integer, at least 1000.")]
    [InlineData("SZTPD_PLUGINS_DIR", "/no/such/folder", "SZTPD_PLUGINS_DIR names \"/no/such/folder\", which is not a folder.")]
    public async Task ALimitOutOfRange_FailsWithClearError(string variable, string value, string message)
    {
        var (code, _, stderr) = await SztpdProcess.RunToExitAsync(["sqlite:///:memory:"], new Dictionary<string, string?>(Init) { [variable] = value });
        Assert.Equal(1, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortInUse_FailsWithClearError()
    {
        using var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        var port = ((System.Net.IPEndPoint)busy.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, _, stderr) = await SztpdProcess.RunToExitAsync(["sqlite:///:memory:"], new Dictionary<string, string?>(Init) { ["SZTPD_INIT_PORT"] = port });
        Assert.Equal(1, code);
        Assert.Contains("Cannot listen", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task ModeX_IsPersistedAndReported()
    {
        using var dir = new TempDirectory();
        var url = $"sqlite:///{Path.Combine(dir.Path, "x.db")}";
        await using (var first = await SztpdProcess.StartAsync(url, env: new Dictionary<string, string?> { ["SZTPD_INIT_MODE"] = "x" }))
        {
            Assert.Contains("mode x", first.Stdout);
        }
        await using var second = await SztpdProcess.StartAsync(url, env: new Dictionary<string, string?> { ["SZTPD_INIT_MODE"] = null, ["SZTPD_ACCEPT_CONTRACT"] = null });
        Assert.Contains("mode x", second.Stdout);
    }
}
