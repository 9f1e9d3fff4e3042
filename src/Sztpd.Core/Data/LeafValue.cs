using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Data;

/// <summary>
/// Checks a leaf or leaf-list value against its YANG type in its RFC 7951 JSON encoding and returns the
/// canonical encoding (identityrefs module-qualified, 64-bit numbers as strings).
/// </summary>
public static class LeafValue
{
    private static readonly BigInteger DecimalMin = new(decimal.MinValue);
    private static readonly BigInteger DecimalMax = new(decimal.MaxValue);

    /// <summary>Returns the canonical value, or null with <paramref name="error"/> set.</summary>
    public static JsonNode? Check(YangType type, JsonNode? value, YangModule context, SchemaContext schema, out string? error)
    {
        error = null;
        switch (type.BaseType)
        {
            case "union":
                foreach (var member in type.UnionTypes)
                {
                    var v = Check(member, value, context, schema, out var e);
                    if (e is null)
                    {
                        return v;
                    }
                }
                error = $"matches none of the types of the union {type}";
                return null;
            case "leafref":
                return type.LeafrefTarget is { } target
                    ? Check(target.Type, value, target.Module, schema, out error)
                    : CheckString(type, value, out error);
            case "empty":
                if (value is JsonArray { Count: 1 } a && a[0] is null)
                {
                    return new JsonArray((JsonNode?)null);
                }
                error = "must be [null] (type empty)";
                return null;
            case "boolean":
                if (value is JsonValue bv && bv.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    return JsonValue.Create(bv.GetValue<bool>());
                }
                error = "must be true or false";
                return null;
            case "identityref":
                return CheckIdentity(type, value, context, schema, out error);
            case "enumeration":
                var name = AsString(value);
                if (name is not null && type.Enums.Any(kv => kv.Key == name))
                {
                    return JsonValue.Create(name);
                }
                error = $"must be one of: {string.Join(", ", type.Enums.Select(kv => kv.Key))}";
                return null;
            case "bits":
                var bits = AsString(value);
                if (bits is not null && bits.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(b => type.Bits.Any(kv => kv.Key == b)))
                {
                    return JsonValue.Create(bits);
                }
                error = $"must be a space-separated set of: {string.Join(", ", type.Bits.Select(kv => kv.Key))}";
                return null;
            case "binary":
                return CheckBinary(type, value, out error);
            case "decimal64":
                return CheckDecimal(type, value, out error);
            case "string":
            case "instance-identifier":
                return CheckString(type, value, out error);
            default:
                return CheckInteger(type, value, out error);
        }
    }

    private static string? AsString(JsonNode? v) =>
        v is JsonValue jv && jv.GetValueKind() == JsonValueKind.String ? jv.GetValue<string>() : null;

    private static JsonNode? CheckString(YangType type, JsonNode? value, out string? error)
    {
        var s = AsString(value);
        if (s is null)
        {
            error = "must be a string";
            return null;
        }
        var length = s.EnumerateRunes().Count();
        if (!InRanges(type.Lengths, length))
        {
            error = $"has length {length}, outside the allowed length {Describe(type.Lengths)}";
            return null;
        }
        foreach (var p in type.Patterns)
        {
            if (p.Regex.IsMatch(s) == p.InvertMatch)
            {
                error = p.ErrorMessage ?? $"does not match the pattern '{p.Original}' of type {type}";
                return null;
            }
        }
        error = null;
        return JsonValue.Create(s);
    }

    private static JsonNode? CheckBinary(YangType type, JsonNode? value, out string? error)
    {
        var s = AsString(value);
        if (s is null)
        {
            error = "must be a base64 string";
            return null;
        }
        var buffer = new byte[s.Length];
        if (!Convert.TryFromBase64String(s, buffer, out var n))
        {
            error = "is not valid base64";
            return null;
        }
        if (!InRanges(type.Lengths, n))
        {
            error = $"decodes to {n} bytes, outside the allowed length {Describe(type.Lengths)}";
            return null;
        }
        error = null;
        return JsonValue.Create(s);
    }

    private static JsonNode? CheckIdentity(YangType type, JsonNode? value, YangModule context, SchemaContext schema, out string? error)
    {
        var s = AsString(value);
        Identity? id = null;
        if (s is not null)
        {
            var colon = s.IndexOf(':', StringComparison.Ordinal);
            id = colon < 0
                ? schema.FindIdentity(context.Name, s) ?? UniqueByName(type, schema, s)
                : schema.FindIdentity(s[..colon], s[(colon + 1)..]);
        }
        if (id is null || !type.IdentityBases.All(b => id.IsDerivedFrom(b)))
        {
            var allowed = schema.AllIdentities.Where(i => type.IdentityBases.All(i.IsDerivedFrom)).Select(i => i.QualifiedName);
            error = $"must be an identity derived from {string.Join(" and ", type.IdentityBases)} (one of: {string.Join(", ", allowed)})";
            return null;
        }
        error = null;
        return JsonValue.Create(id.QualifiedName);
    }

    /// <summary>SZTPD clients sometimes send an identity without its module (e.g. "rfc8572-interface"); accept it when unambiguous.</summary>
    private static Identity? UniqueByName(YangType type, SchemaContext schema, string name)
    {
        var matches = schema.AllIdentities.Where(i => i.Name == name && type.IdentityBases.All(i.IsDerivedFrom)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private static JsonNode? CheckInteger(YangType type, JsonNode? value, out string? error)
    {
        var is64 = type.BaseType is "int64" or "uint64";
        string? text = null;
        if (value is JsonValue jv)
        {
            var kind = jv.GetValueKind();
            if (kind == JsonValueKind.Number)
            {
                text = jv.ToJsonString();
            }
            else if (kind == JsonValueKind.String && is64)
            {
                text = jv.GetValue<string>();
            }
        }
        if (text is null || !BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            error = is64 ? "must be an integer (as a string or number)" : "must be an integer number";
            return null;
        }
        // Every YANG integer range fits in a decimal; a value beyond one is outside them all (and cannot be converted).
        if (n < DecimalMin || n > DecimalMax || !InRanges(type.Ranges, (decimal)n))
        {
            error = $"value {ShownValue.Cut(n.ToString(CultureInfo.InvariantCulture))} is outside the range {Describe(type.Ranges)}";
            return null;
        }
        error = null;
        return is64 ? JsonValue.Create(n.ToString(CultureInfo.InvariantCulture)) : JsonNode.Parse(n.ToString(CultureInfo.InvariantCulture));
    }

    private static JsonNode? CheckDecimal(YangType type, JsonNode? value, out string? error)
    {
        var text = value is JsonValue jv && jv.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
            ? (jv.GetValueKind() == JsonValueKind.String ? jv.GetValue<string>() : jv.ToJsonString())
            : null;
        if (text is null || !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            || decimal.Round(d, type.FractionDigits) != d)
        {
            error = $"must be a decimal number with at most {type.FractionDigits} fraction digits";
            return null;
        }
        if (!InRanges(type.Ranges, d))
        {
            error = $"value {d} is outside the range {Describe(type.Ranges)}";
            return null;
        }
        error = null;
        return JsonValue.Create(d.ToString(CultureInfo.InvariantCulture));
    }

    private static bool InRanges(List<List<YangRange>> restrictions, decimal v) =>
        restrictions.All(parts => parts.Any(r => v >= r.Min && v <= r.Max));

    private static string Describe(List<List<YangRange>> restrictions) =>
        restrictions.Count == 0 ? "" : string.Join("|", restrictions[^1].Select(r => r.Min == r.Max ? $"{r.Min}" : $"{r.Min}..{r.Max}"));
}
