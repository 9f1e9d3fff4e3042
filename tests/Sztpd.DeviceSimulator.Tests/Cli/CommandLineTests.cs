using Sztpd.DeviceSimulator.Cli;
using Sztpd.DeviceSimulator.Device;
using Sztpd.DeviceSimulator.Tests.Artifacts;
using Sztpd.Testing;

namespace Sztpd.DeviceSimulator.Tests.Cli;

public sealed class CommandLineTests
{
    private static readonly string[] Options = ["--uri", "--devices"];
    private static readonly string[] Flags = ["--xml"];

    [Fact]
    public void Parse_RepeatedOptionsFlagsAndInlineValues_AreKept()
    {
        var cl = CommandLine.Parse(["--uri", "https://a", "--xml", "--uri=https://b", "--devices", "7"], Options, Flags, repeatable: ["--uri"]);

        Assert.Equal(["https://a", "https://b"], cl.GetAll("--uri"));
        Assert.True(cl.Has("--xml"));
        Assert.Equal(7, cl.GetInt("--devices", 1));
        Assert.Equal(3, cl.GetInt("--missing", 3));
    }

    [Theory]
    [InlineData("--bogus", "Unknown option --bogus.")]
    [InlineData("stray", "Unexpected argument \"stray\".")]
    [InlineData("--uri", "--uri needs a value.")]
    public void Parse_BadArguments_SayWhatIsWrong(string arg, string message) =>
        Assert.Equal(message, Assert.Throws<CommandLineException>(() => CommandLine.Parse([arg], Options, Flags)).Message);

    [Fact]
    public void GetInt_NotANumber_IsAnError() =>
        Assert.Contains("whole number", Assert.Throws<CommandLineException>(() => CommandLine.Parse(["--devices", "x"], Options, Flags).GetInt("--devices", 1)).Message);

    [Fact]
    public void Parse_SingleValuedOptionGivenTwice_IsAnError() =>
        Assert.Equal("--devices takes one value; it was given more than once.",
            Assert.Throws<CommandLineException>(() => CommandLine.Parse(["--devices", "1", "--devices", "2"], Options, Flags)).Message);

    [Fact]
    public void ConflictsAndNeeds_NameBothOptions()
    {
        var cl = CommandLine.Parse(["--uri", "https://a", "--xml"], Options, Flags);

        Assert.Equal("--xml cannot be combined with --uri.", Assert.Throws<CommandLineException>(() => cl.Conflicts("--xml", "--devices", "--uri")).Message);
        Assert.Equal("--uri needs --devices.", Assert.Throws<CommandLineException>(() => cl.Needs("--uri", "--devices")).Message);
        cl.Conflicts("--devices", "--uri"); // not given: nothing to refuse
        cl.Needs("--xml", "--uri");
    }

    [Theory]
    [InlineData("--nonce cannot be combined with --nonce-base64.", "--nonce", "--nonce-base64", "AAAA")]
    [InlineData("--pkcs12 cannot be combined with --cert.", "--pkcs12", "d.p12", "--cert", "d.pem")]
    [InlineData("--pkcs12-password needs --pkcs12.", "--cert", "d.pem", "--key", "d.key", "--pkcs12-password", "x")]
    [InlineData("--timeout takes one value; it was given more than once.", "--timeout", "1", "--timeout", "2")]
    public async Task Run_OptionsThatDoNotGoTogether_Exit2_BeforeAnythingIsRead(string message, params string[] options)
    {
        var run = await CommandRun.RunAsync(["run", "--bootstrap-url", "https://127.0.0.1:1", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("usage: sztp-device run", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RemovableStorageGivenTwice_IsTwoSources_InOrder()
    {
        var sources = DeviceArguments.Sources(DeviceArguments.Parse(["--removable-storage", "/media/a", "--removable-storage", "/media/b"]));

        Assert.Equal([BootstrapSource.RemovableStorage("/media/a"), BootstrapSource.RemovableStorage("/media/b")], sources);
    }

    [Theory]
    [InlineData("--warmup", "5")]
    [InlineData("--signed-data-preferred")]
    [InlineData("--verbose-reports")]
    public async Task Storm_KeepAlive_RefusesOptionsItWouldIgnore(params string[] option)
    {
        var run = await CommandRun.RunAsync(["storm", "--bootstrap-url", "https://127.0.0.1:1/restconf/operations/x", "--pki", "/nonexistent", "--keepalive", "2", .. option]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--keepalive cannot be combined with {option[0]}.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storm_DeviceFolderWithoutCertificate_Exits1_WithTheReason_NotAStackTrace()
    {
        using var pki = new TempDirectory("sztp-storm-pki");
        Directory.CreateDirectory(pki.Combine("devices/demo-0001"));

        var run = await CommandRun.RunAsync("storm", "--bootstrap-url", "https://127.0.0.1:1/restconf", "--pki", pki.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cert.pem", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryCommand_OnStdout_AndNoArgumentsIsAnError()
    {
        var help = await CommandRun.RunAsync("--help");
        var none = await CommandRun.RunAsync();

        Assert.Equal(0, help.ExitCode);
        Assert.All(Commands.All, c => Assert.Contains(c.Usage, help.Stdout, StringComparison.Ordinal));
        Assert.Equal(2, none.ExitCode);
        Assert.Equal(help.Stdout, none.Stderr);
    }

    [Fact]
    public async Task CommandHelp_PrintsThatCommandsUsage()
    {
        var run = await CommandRun.RunAsync("dns", "records", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"usage: sztp-device {new DnsRecordsCommand().Usage}", run.Stdout.TrimEnd());
    }

    [Fact]
    public async Task Commands_UnknownCommand_ExitsWithUsage()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await Commands.RunAsync(["frobnicate"], stdout, stderr, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("unknown command \"frobnicate\"", stderr.ToString(), StringComparison.Ordinal);
    }
}
