using System.Globalization;
using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>enum and bit statements (RFC 7950 sections 9.6.4 and 9.7.4), including the YANG 1.1
/// restriction of a derived enumeration or bits type to a subset.</summary>
internal sealed partial class TypeResolver
{
    private void ApplyNamedValues(Statement type, YangType t, Scope scope, string keyword, string valueKeyword,
        List<KeyValuePair<string, long>> values)
    {
        var statements = type.All(keyword).ToList();
        var baseType = keyword == "enum" ? "enumeration" : "bits";
        if (statements.Count == 0)
        {
            if (t.BaseType == baseType && values.Count == 0)
            {
                throw type.Error($"{baseType} needs at least one '{keyword}'");
            }
            return;
        }
        Expect(statements[0], t, t.BaseType == baseType);
        var inherited = values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var next = 0L;
        var result = new List<KeyValuePair<string, long>>();
        foreach (var statement in statements)
        {
            var value = ValueOf(statement, valueKeyword, inherited, next);
            next = Math.Max(next, value + 1);
            if (result.Exists(r => r.Key == statement.Arg || r.Value == value))
            {
                throw statement.Error($"{keyword} '{statement.Arg}' repeats a name or a {valueKeyword}");
            }
            if (features.Allows(statement, scope.Module))
            {
                result.Add(new(statement.Arg, value));
            }
        }
        values.Clear();
        values.AddRange(result);
    }

    private static long ValueOf(Statement statement, string valueKeyword, Dictionary<string, long> inherited, long next)
    {
        long? stated = statement.First(valueKeyword) is { } v
            ? long.TryParse(v.Arg, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw v.Error($"invalid {valueKeyword} '{v.Arg}'")
            : null;
        if (inherited.Count == 0)
        {
            return stated ?? next;
        }
        if (!inherited.TryGetValue(statement.Arg, out var old) || (stated is not null && stated != old))
        {
            throw statement.Error($"'{statement.Arg}' is not a {statement.Keyword} of the restricted type (or changes its {valueKeyword})");
        }
        return old;
    }
}
