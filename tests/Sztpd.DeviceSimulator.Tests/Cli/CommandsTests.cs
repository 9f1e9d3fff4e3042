using System.CommandLine;
using Sztpd.DeviceSimulator.Cli;
using Sztpd.DeviceSimulator.Tests.Artifacts;

namespace Sztpd.DeviceSimulator.Tests.Cli;

public sealed class CommandsTests
{
    /// <summary>The words of every command that runs, e.g. "dns records".</summary>
    public static TheoryData<string> LeafCommands => [.. Leaves(Commands.Create(), [])];

    [Fact]
    public async Task Help_ListsEveryCommand_OnStdout_AndNoArgumentsIsAnError()
    {
        var help = await CommandRun.RunAsync("--help");
        var none = await CommandRun.RunAsync();

        Assert.Equal(0, help.ExitCode);
        Assert.All(LeafCommands, c => Assert.Contains(c.Data, help.Stdout, StringComparison.Ordinal));
        Assert.Equal(2, none.ExitCode);
        Assert.Equal(help.Stdout, none.Stderr);
        Assert.Equal(string.Empty, none.Stdout);
    }

    [Theory]
    [MemberData(nameof(LeafCommands))]
    public async Task CommandHelp_PrintsThatCommandsUsage_WithEveryOption(string words)
    {
        var command = words.Split(' ').Aggregate(Commands.Create(), (parent, word) => parent.Subcommands.Single(c => c.Name == word));

        var run = await CommandRun.RunAsync([.. words.Split(' '), "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"sztp-device {words} [options]", run.Stdout, StringComparison.Ordinal);
        Assert.All(command.Options, o => Assert.Contains(o.Name, run.Stdout, StringComparison.Ordinal));
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task Commands_UnknownCommand_Exits2_WithTheUsage()
    {
        var run = await CommandRun.RunAsync("frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sztp-device: Unrecognized command or argument 'frobnicate'.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("dhcp encode", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_WithoutItsCommand_Exits2_ListingItsCommands()
    {
        var run = await CommandRun.RunAsync("storage");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sztp-device storage: Required command was not provided.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("bundle", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("show", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_Exits2_WithTheCommandsUsage_OnStderr()
    {
        var run = await CommandRun.RunAsync("dhcp", "encode", "--uri", "https://sztp1.example.com", "--bogus");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sztp-device dhcp encode: Unrecognized command or argument '--bogus'.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("sztp-device dhcp encode [options]", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task SingleValuedOption_GivenTwice_Exits2()
    {
        var run = await CommandRun.RunAsync("dns", "records", "--domain", "a.example", "--domain", "b.example", "--server", "sztp.example.com");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Option '--domain' expects a single argument but 2 were provided.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InlineValue_IsTheOptionsValue()
    {
        var run = await CommandRun.RunAsync("dhcp", "encode", "--uri=https://sztp1.example.com", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"https://sztp1.example.com\"", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("0")]
    public async Task WholeNumber_OtherValues_Exit2_SayingWhatIsExpected(string value)
    {
        var run = await CommandRun.RunAsync("storm", "--bootstrap-url", "https://127.0.0.1:1", "--pki", "/nonexistent", "--concurrency", value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--concurrency must be a whole number of at least 1, not \"{value}\".", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtSign_IsAValue_NotAResponseFile()
    {
        var run = await CommandRun.RunAsync("storage", "show", "--dir", "@nothing", "--serial", "SN");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no bootstrapping data for SN", run.Stderr, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Leaves(Command command, IReadOnlyList<string> words) =>
        command.Subcommands.Count == 0 ? [string.Join(' ', words)] : command.Subcommands.SelectMany(c => Leaves(c, [.. words, c.Name]));
}
