using System.CommandLine;
using System.CommandLine.Parsing;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// Options that go together or not, as validators of the command (<see cref="Command.Validators"/>): a refused
/// combination is a parse error, reported with the usage (exit status 2) before the command reads anything.
/// </summary>
internal static class OptionRules
{
    /// <summary>Refuses <paramref name="option"/> together with any of <paramref name="others"/>.</summary>
    public static void Conflicts(this Command command, Option option, params Option[] others) =>
        command.Validators.Add(result =>
        {
            if (result.IsGiven(option) && others.FirstOrDefault(result.IsGiven) is { } other)
            {
                result.AddError($"{option.Name} cannot be combined with {other.Name}.");
            }
        });

    /// <summary>Refuses <paramref name="option"/> without <paramref name="needed"/>.</summary>
    public static void Needs(this Command command, Option option, Option needed) =>
        command.Validators.Add(result =>
        {
            if (result.IsGiven(option) && !result.IsGiven(needed))
            {
                result.AddError($"{option.Name} needs {needed.Name}.");
            }
        });

    /// <summary>Refuses either of <paramref name="first"/> and <paramref name="second"/> without the other.</summary>
    public static void Together(this Command command, Option first, Option second)
    {
        command.Needs(first, second);
        command.Needs(second, first);
    }

    /// <summary>Refuses the command line unless at least one of <paramref name="options"/> is given.</summary>
    public static void AnyOf(this Command command, string message, params Option[] options) =>
        command.Validators.Add(result =>
        {
            if (!options.Any(result.IsGiven))
            {
                result.AddError(message);
            }
        });

    /// <summary>Refuses the command line unless exactly one of <paramref name="options"/> is given.</summary>
    public static void OneOf(this Command command, string message, params Option[] options) =>
        command.Validators.Add(result =>
        {
            if (options.Count(result.IsGiven) != 1)
            {
                result.AddError(message);
            }
        });

    /// <summary>True when <paramref name="option"/> is on the command line (not merely defaulted).</summary>
    private static bool IsGiven(this CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };
}
