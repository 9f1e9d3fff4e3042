using System.Text.RegularExpressions;
using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Resolves <c>type</c> statements (RFC 7950 section 7.3 and 9): follows typedef chains, merges
/// their restrictions and returns a fresh <see cref="YangType"/> per use, so that leafref targets are per leaf.</summary>
internal sealed partial class TypeResolver
{
    private static readonly Dictionary<string, (decimal Min, decimal Max)> IntegerRanges = new(StringComparer.Ordinal)
    {
        ["int8"] = (sbyte.MinValue, sbyte.MaxValue),
        ["int16"] = (short.MinValue, short.MaxValue),
        ["int32"] = (int.MinValue, int.MaxValue),
        ["int64"] = (long.MinValue, long.MaxValue),
        ["uint8"] = (byte.MinValue, byte.MaxValue),
        ["uint16"] = (ushort.MinValue, ushort.MaxValue),
        ["uint32"] = (uint.MinValue, uint.MaxValue),
        ["uint64"] = (ulong.MinValue, ulong.MaxValue),
    };

    private static readonly HashSet<string> OtherBuiltIns = new(StringComparer.Ordinal)
    {
        "binary", "bits", "boolean", "decimal64", "empty", "enumeration", "identityref",
        "instance-identifier", "leafref", "string", "union",
    };

    private readonly FeatureSet features;
    private readonly Dictionary<Statement, ResolvedType> typedefs = [];
    private readonly HashSet<Statement> resolving = [];
    private readonly Dictionary<YangType, Statement> pathStatements = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, Regex> regexes = new(StringComparer.Ordinal);

    public TypeResolver(FeatureSet features)
    {
        this.features = features;
    }

    public static bool IsBuiltIn(string name) => IntegerRanges.ContainsKey(name) || OtherBuiltIns.Contains(name);

    /// <summary>Resolves a <c>type</c> statement written in <paramref name="scope"/>.</summary>
    public ResolvedType Resolve(Statement type, Scope scope)
    {
        var name = type.Arg;
        if (IsBuiltIn(name))
        {
            var builtIn = new YangType { BaseType = name, TypedefName = name };
            if (IntegerRanges.TryGetValue(name, out var range))
            {
                builtIn.Ranges.Add([new YangRange(range.Min, range.Max)]);
            }
            ApplyRestrictions(type, builtIn, scope, isBuiltIn: true);
            return new ResolvedType(builtIn, null, null);
        }
        var definition = scope.FindTypedef(name, type) ?? throw type.Error($"type '{name}' was not found");
        var parent = ResolveTypedef(definition);
        var derived = Clone(parent.Type, definition.Statement.Arg);
        ApplyRestrictions(type, derived, scope, isBuiltIn: false);
        return parent with { Type = derived };
    }

    /// <summary>The <c>path</c> statement a leafref type came from (for error locations).</summary>
    public Statement? PathStatementOf(YangType type) => pathStatements.GetValueOrDefault(type);

    /// <summary>A deep copy (union members included) without a leafref target.</summary>
    public YangType Clone(YangType source, string? typedefName)
    {
        var copy = new YangType
        {
            BaseType = source.BaseType,
            TypedefName = typedefName,
            LeafrefPath = source.LeafrefPath,
            RequireInstance = source.RequireInstance,
            FractionDigits = source.FractionDigits,
        };
        copy.Ranges.AddRange(source.Ranges);
        copy.Lengths.AddRange(source.Lengths);
        copy.Patterns.AddRange(source.Patterns);
        copy.Enums.AddRange(source.Enums);
        copy.Bits.AddRange(source.Bits);
        copy.IdentityBases.AddRange(source.IdentityBases);
        copy.UnionTypes.AddRange(source.UnionTypes.Select(u => Clone(u, u.TypedefName)));
        if (pathStatements.TryGetValue(source, out var path))
        {
            pathStatements[copy] = path;
        }
        return copy;
    }

    private ResolvedType ResolveTypedef(Definition definition)
    {
        var statement = definition.Statement;
        if (typedefs.TryGetValue(statement, out var done))
        {
            return done;
        }
        if (!resolving.Add(statement))
        {
            throw statement.Error($"typedef '{statement.Arg}' refers to itself");
        }
        if (IsBuiltIn(statement.Arg))
        {
            throw statement.Error($"typedef '{statement.Arg}' has the name of a built-in type");
        }
        var type = statement.First("type") ?? throw statement.Error($"typedef '{statement.Arg}' has no type");
        var inner = Resolve(type, definition.Scope);
        var result = new ResolvedType(inner.Type, statement.ArgOf("default") ?? inner.Default, statement.ArgOf("units") ?? inner.Units);
        resolving.Remove(statement);
        typedefs[statement] = result;
        return result;
    }
}
