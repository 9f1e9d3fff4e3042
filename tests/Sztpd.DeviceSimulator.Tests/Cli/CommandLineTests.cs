using Sztpd.DeviceSimulator.Cli;

namespace Sztpd.DeviceSimulator.Tests.Cli;

public sealed class CommandLineTests
{
    private static readonly string[] Options = ["--uri", "--devices"];
    private static readonly string[] Flags = ["--xml"];

    [Fact]
    public void Parse_RepeatedOptionsFlagsAndInlineValues_AreKept()
    {
        var cl = CommandLine.Parse(["--uri", "https://a", "--xml", "--uri=https://b", "--devices", "7"], Options, Flags);

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
    public async Task Commands_UnknownCommand_ExitsWithUsage()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await Commands.RunAsync(["frobnicate"], stdout, stderr, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("unknown command \"frobnicate\"", stderr.ToString(), StringComparison.Ordinal);
    }
}
