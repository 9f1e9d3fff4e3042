namespace Sztpd.Core.Yang;

/// <summary>
/// A resolved YANG type (RFC 7950 section 9) with every restriction of its typedef chain merged:
/// <see cref="BaseType"/> is the built-in type; restrictions narrow along the chain.
/// </summary>
public sealed class YangType
{
    /// <summary>Built-in type name: int8..uint64, decimal64, string, boolean, enumeration, bits,
    /// binary, leafref, identityref, empty, union, instance-identifier.</summary>
    public required string BaseType { get; init; }

    /// <summary>The name the type was referenced by (typedef name or built-in), for messages.</summary>
    public string? TypedefName { get; init; }

    /// <summary>Range restrictions; every list in this list must be satisfied (one per derivation step).</summary>
    public List<List<YangRange>> Ranges { get; } = [];

    /// <summary>Length restrictions (string, binary), same semantics as <see cref="Ranges"/>.</summary>
    public List<List<YangRange>> Lengths { get; } = [];

    /// <summary>Patterns (all must match), each already translated to a .NET regex anchored at both ends.</summary>
    public List<YangPattern> Patterns { get; } = [];

    /// <summary>Enumeration names → values (enumeration), in definition order.</summary>
    public List<KeyValuePair<string, long>> Enums { get; } = [];

    /// <summary>Bit names → positions (bits).</summary>
    public List<KeyValuePair<string, long>> Bits { get; } = [];

    /// <summary>Identityref bases (a value must derive from all of them).</summary>
    public List<Identity> IdentityBases { get; } = [];

    /// <summary>Leafref path as written, with prefixes resolved to module names (e.g. <c>/wn-sztpd-1:device-types/wn-sztpd-1:device-type/wn-sztpd-1:name</c> or relative <c>../../name</c>).</summary>
    public string? LeafrefPath { get; set; }

    /// <summary>The leaf the leafref points to (resolved after compilation).</summary>
    public LeafNode? LeafrefTarget { get; set; }

    /// <summary>The leaf or leaf-list the leafref points to (YANG 1.1 allows a leaf-list target); resolved after compilation.</summary>
    public SchemaNode? LeafrefTargetNode { get; set; }
    public bool RequireInstance { get; set; } = true;

    /// <summary>Union member types, in order.</summary>
    public List<YangType> UnionTypes { get; } = [];
    public int FractionDigits { get; set; }

    public override string ToString() => TypedefName ?? BaseType;
}

/// <summary>One range or length part: <c>min..max</c> (inclusive); decimal to cover decimal64 and uint64.</summary>
public readonly record struct YangRange(decimal Min, decimal Max);

/// <summary>A pattern statement: the translated regex and its modifier (RFC 7950 section 9.4.6).</summary>
public sealed record YangPattern(string Original, System.Text.RegularExpressions.Regex Regex, bool InvertMatch, string? ErrorMessage);
