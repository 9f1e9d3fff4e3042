using System.Globalization;
using System.Text.RegularExpressions;

namespace Sztpd.Server.Tests.Observability;

/// <summary>
/// The samples of a Prometheus text exposition (what a scraper reads off <c>/metrics</c>): each series, by its name and
/// labels, and its value; a series that is absent reads 0, as a counter that has not moved.
/// </summary>
public sealed partial class Exposition
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);

    public Exposition(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var m = Sample().Match(line);
            Assert.True(m.Success, $"not a sample line: {line}");
            var labels = m.Groups["labels"].Value.Length == 0 ? [] : LabelPair().Matches(m.Groups["labels"].Value).Select(p => (p.Groups[1].Value, p.Groups[2].Value));
            _samples[Key(m.Groups["name"].Value, labels)] = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
    }

    public string Text { get; }

    /// <summary>The value of the series <paramref name="name"/> with exactly <paramref name="labels"/> (0 when absent).</summary>
    public double this[string name, params (string Name, string Value)[] labels] => _samples.GetValueOrDefault(Key(name, labels));

    /// <summary>The <c># TYPE</c> a metric is declared with, or null.</summary>
    public string? TypeOf(string name) =>
        Text.Split('\n').FirstOrDefault(l => l.StartsWith($"# TYPE {name} ", StringComparison.Ordinal))?.Split(' ')[3];

    private static string Key(string name, IEnumerable<(string Name, string Value)> labels) =>
        name + "{" + string.Join(",", labels.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => $"{l.Name}={l.Value}")) + "}";

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)(\s+\S+)?\s*$""")]
    private static partial Regex Sample();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?""")]
    private static partial Regex LabelPair();
}
