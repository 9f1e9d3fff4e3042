using System.CommandLine;
using Sztpd.DeviceSimulator.Cli;

namespace Sztpd.DeviceSimulator.Tests.Cli;

public sealed class OptionRulesTests
{
    private readonly Option<string> _a = new("--a");
    private readonly Option<string> _b = new("--b");
    private readonly Option<bool> _c = new("--c");
    private readonly Option<int> _defaulted = new("--defaulted") { DefaultValueFactory = _ => 1 };

    [Theory]
    [InlineData("--a x --c", "--a cannot be combined with --c.")]
    [InlineData("--a x --b y", "--a cannot be combined with --b.")]
    [InlineData("--a x --defaulted 2", null)]
    [InlineData("--b y --c", null)]
    public void Conflicts_NamesTheFirstConflictingOption(string args, string? error) =>
        Assert.Equal(error, Errors(c => c.Conflicts(_a, _b, _c), args));

    [Theory]
    [InlineData("--a x", "--a needs --b.")]
    [InlineData("--b y", "--b needs --a.")]
    [InlineData("--a x --b y", null)]
    [InlineData("--c", null)]
    public void Together_RefusesEitherWithoutTheOther(string args, string? error) =>
        Assert.Equal(error, Errors(c => c.Together(_a, _b), args));

    [Theory]
    [InlineData("--a x", "--a needs --c.")]
    [InlineData("--c", null)]
    public void Needs_IsOneWay(string args, string? error) =>
        Assert.Equal(error, Errors(c => c.Needs(_a, _c), args));

    [Theory]
    [InlineData("", "none")] // --defaulted has its default value, but was not given
    [InlineData("--defaulted 3", null)]
    [InlineData("--b y", null)]
    [InlineData("--a x --b y", null)]
    public void AnyOf_NeedsAtLeastOneGiven_ADefaultDoesNotCount(string args, string? error) =>
        Assert.Equal(error, Errors(c => c.AnyOf("none", _a, _b, _defaulted), args));

    [Theory]
    [InlineData("", "not one")]
    [InlineData("--a x --c", "not one")]
    [InlineData("--c", null)]
    public void OneOf_NeedsExactlyOne(string args, string? error) =>
        Assert.Equal(error, Errors(c => c.OneOf("not one", _a, _b, _c), args));

    private string? Errors(Action<Command> rules, string args)
    {
        var command = new Command("test") { _a, _b, _c, _defaulted };
        rules(command);
        var errors = command.Parse(args.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Errors;
        return errors.Count == 0 ? null : string.Join(" | ", errors.Select(e => e.Message));
    }
}
