using System.Globalization;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// The options of one sub-command: <c>--name value</c> pairs (repeatable) and <c>--flag</c> switches. Options not
/// declared by the command are an error, so a typo never silently changes behaviour.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    /// <summary>Parses <paramref name="args"/>; <paramref name="options"/> take a value, <paramref name="flags"/> do not.</summary>
    /// <exception cref="CommandLineException">An undeclared option, a missing value or a stray argument.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
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

    /// <summary>The last value of <paramref name="option"/>, or null.</summary>
    public string? Get(string option) => _values.TryGetValue(option, out var list) ? list[^1] : null;

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
