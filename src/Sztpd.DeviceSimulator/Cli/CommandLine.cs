using System.Globalization;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// The options of one sub-command: <c>--name value</c> pairs and <c>--flag</c> switches. Options not declared by the
/// command are an error, and so is a value given twice to an option not declared repeatable, so a typo never silently
/// changes behaviour.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    /// <summary>
    /// Parses <paramref name="args"/>; <paramref name="options"/> take a value (those also in <paramref name="repeatable"/>
    /// any number of them), <paramref name="flags"/> do not.
    /// </summary>
    /// <exception cref="CommandLineException">An undeclared option, a missing or repeated value, or a stray argument.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags, IReadOnlyCollection<string>? repeatable = null)
    {
        var parsed = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var (name, inline) = arg.Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (arg, null);
            if (flags.Contains(name) && inline is null)
            {
                parsed._flags.Add(name);
            }
            else if (options.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new CommandLineException($"{name} needs a value."));
                if (!parsed._values.TryGetValue(name, out var list))
                {
                    parsed._values[name] = list = [];
                }
                else if (repeatable?.Contains(name) != true)
                {
                    throw new CommandLineException($"{name} takes one value; it was given more than once.");
                }
                list.Add(value);
            }
            else
            {
                throw new CommandLineException(arg.StartsWith('-') ? $"Unknown option {name}." : $"Unexpected argument \"{arg}\".");
            }
        }

        return parsed;
    }

    /// <summary>True when switch <paramref name="flag"/> was given.</summary>
    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>The value of <paramref name="option"/> (of a repeatable one, the last), or null.</summary>
    public string? Get(string option) => _values.TryGetValue(option, out var list) ? list[^1] : null;

    /// <summary>True when <paramref name="option"/> (an option or a switch) was given.</summary>
    public bool IsGiven(string option) => _flags.Contains(option) || _values.ContainsKey(option);

    /// <summary>Refuses <paramref name="option"/> together with any of <paramref name="others"/>.</summary>
    public void Conflicts(string option, params string[] others)
    {
        if (IsGiven(option) && others.FirstOrDefault(IsGiven) is { } other)
        {
            throw new CommandLineException($"{option} cannot be combined with {other}.");
        }
    }

    /// <summary>Refuses <paramref name="option"/> without <paramref name="needed"/>.</summary>
    public void Needs(string option, string needed)
    {
        if (IsGiven(option) && !IsGiven(needed))
        {
            throw new CommandLineException($"{option} needs {needed}.");
        }
    }

    /// <summary>Refuses either of <paramref name="first"/> and <paramref name="second"/> without the other.</summary>
    public void Together(string first, string second)
    {
        Needs(first, second);
        Needs(second, first);
    }

    /// <summary>Every value of the repeatable <paramref name="option"/>, in order.</summary>
    public IReadOnlyList<string> GetAll(string option) => _values.TryGetValue(option, out var list) ? list : [];

    /// <summary>The value of a mandatory <paramref name="option"/>.</summary>
    public string Require(string option) => Get(option) ?? throw new CommandLineException($"{option} is required.");

    /// <summary>The integer value of <paramref name="option"/> (at least <paramref name="min"/>), or <paramref name="fallback"/>.</summary>
    public int GetInt(string option, int fallback, int min = 1)
    {
        var text = Get(option);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new CommandLineException($"{option} must be a whole number of at least {min}, not \"{text}\".");
    }
}
