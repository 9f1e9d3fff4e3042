using System.Text;
using System.Text.RegularExpressions;
using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Leafref path text (RFC 7950 section 9.9.2): prefix qualification and step splitting.</summary>
internal static partial class LeafrefPaths
{
    /// <summary>Replaces every prefix (also inside predicates) by its module name, in the prefix context of
    /// the module where the <c>path</c> statement is written.</summary>
    public static string QualifyPrefixes(Statement path, ModuleSource module) =>
        PrefixedName().Replace(path.Arg, m => module.Imported(m.Groups[1].Value, path).Module.Name + ":");

    /// <summary>The steps of a path with predicates removed: <c>..</c> or <c>module:name</c> or <c>name</c>.</summary>
    public static List<string> Steps(string path)
    {
        var stripped = new StringBuilder(path.Length);
        var depth = 0;
        foreach (var c in path)
        {
            depth += c == '[' ? 1 : 0;
            if (depth == 0 && !char.IsWhiteSpace(c))
            {
                stripped.Append(c);
            }
            depth -= c == ']' && depth > 0 ? 1 : 0;
        }
        return [.. stripped.ToString().Split('/', StringSplitOptions.RemoveEmptyEntries)];
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9_.\-])([A-Za-z_][A-Za-z0-9_.\-]*):(?=[A-Za-z_])")]
    private static partial Regex PrefixedName();
}
