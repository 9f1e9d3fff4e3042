using System.Globalization;
using System.Text.RegularExpressions;
using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>The restriction substatements of <c>type</c> (RFC 7950 section 9).</summary>
internal sealed partial class TypeResolver
{
    private static readonly decimal Int64Span = 9223372036854775808m;

    private void ApplyRestrictions(Statement type, YangType t, Scope scope, bool isBuiltIn)
    {
        if (type.First("fraction-digits") is { } digits)
        {
            ApplyFractionDigits(digits, t, isBuiltIn);
        }
        else if (isBuiltIn && t.BaseType == "decimal64")
        {
            throw type.Error("decimal64 needs 'fraction-digits'");
        }
        if (type.First("range") is { } range)
        {
            Expect(range, t, IntegerRanges.ContainsKey(t.BaseType) || t.BaseType == "decimal64");
            var last = t.Ranges[^1];
            t.Ranges.Add(RangeParser.Parse(range, last[0].Min, last[^1].Max));
        }
        if (type.First("length") is { } length)
        {
            Expect(length, t, t.BaseType is "string" or "binary");
            var (min, max) = t.Lengths.Count > 0 ? (t.Lengths[^1][0].Min, t.Lengths[^1][^1].Max) : (0m, ulong.MaxValue);
            t.Lengths.Add(RangeParser.Parse(length, min, max));
        }
        foreach (var pattern in type.All("pattern"))
        {
            Expect(pattern, t, t.BaseType == "string");
            t.Patterns.Add(CompilePattern(pattern));
        }
        ApplyNamedValues(type, t, scope, "enum", "value", t.Enums);
        ApplyNamedValues(type, t, scope, "bit", "position", t.Bits);
        ApplyBases(type, t, scope, isBuiltIn);
        ApplyLeafref(type, t, scope, isBuiltIn);
        ApplyUnion(type, t, scope, isBuiltIn);
    }

    private static void Expect(Statement restriction, YangType t, bool allowed)
    {
        if (!allowed)
        {
            throw restriction.Error($"'{restriction.Keyword}' cannot restrict type {t.BaseType}");
        }
    }

    private static void ApplyFractionDigits(Statement digits, YangType t, bool isBuiltIn)
    {
        Expect(digits, t, isBuiltIn && t.BaseType == "decimal64");
        if (!int.TryParse(digits.Arg, NumberStyles.None, CultureInfo.InvariantCulture, out var fd) || fd is < 1 or > 18)
        {
            throw digits.Error($"fraction-digits must be 1..18, not '{digits.Arg}'");
        }
        var scale = (decimal)Math.Pow(10, fd);
        t.FractionDigits = fd;
        t.Ranges.Add([new YangRange(-Int64Span / scale, (Int64Span - 1) / scale)]);
    }

    private YangPattern CompilePattern(Statement pattern)
    {
        var invert = pattern.ArgOf("modifier") switch
        {
            null => false,
            "invert-match" => true,
            var other => throw pattern.Error($"unknown pattern modifier '{other}'"),
        };
        if (!regexes.TryGetValue(pattern.Arg, out var regex))
        {
            try
            {
                regex = new Regex(PatternTranslator.Translate(pattern.Arg), RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw pattern.Error($"invalid pattern '{pattern.Arg}': {e.Message}", e);
            }
            regexes[pattern.Arg] = regex;
        }
        return new YangPattern(pattern.Arg, regex, invert, pattern.ArgOf("error-message"));
    }

    private void ApplyBases(Statement type, YangType t, Scope scope, bool isBuiltIn)
    {
        foreach (var baseStatement in type.All("base"))
        {
            Expect(baseStatement, t, isBuiltIn && t.BaseType == "identityref");
            var (prefix, name) = Names.Split(baseStatement.Arg);
            var module = scope.Module.Imported(prefix ?? scope.Module.Module.Prefix, baseStatement).Module;
            t.IdentityBases.Add(module.Identities.GetValueOrDefault(name)
                ?? throw baseStatement.Error($"base identity '{baseStatement.Arg}' was not found (or its if-feature is false)"));
        }
        if (isBuiltIn && t.BaseType == "identityref" && t.IdentityBases.Count == 0)
        {
            throw type.Error("identityref needs a 'base'");
        }
    }

    private void ApplyLeafref(Statement type, YangType t, Scope scope, bool isBuiltIn)
    {
        if (type.First("path") is { } path)
        {
            Expect(path, t, isBuiltIn && t.BaseType == "leafref");
            t.LeafrefPath = LeafrefPaths.QualifyPrefixes(path, scope.Module);
            pathStatements[t] = path;
        }
        else if (isBuiltIn && t.BaseType == "leafref")
        {
            throw type.Error("leafref needs a 'path'");
        }
        if (type.First("require-instance") is { } requireInstance)
        {
            Expect(requireInstance, t, t.BaseType is "leafref" or "instance-identifier");
            t.RequireInstance = requireInstance.BoolArg;
        }
    }

    private void ApplyUnion(Statement type, YangType t, Scope scope, bool isBuiltIn)
    {
        foreach (var member in type.All("type"))
        {
            Expect(member, t, isBuiltIn && t.BaseType == "union");
            t.UnionTypes.Add(Resolve(member, scope).Type);
        }
        if (isBuiltIn && t.BaseType == "union" && t.UnionTypes.Count == 0)
        {
            throw type.Error("union needs member types");
        }
    }
}
