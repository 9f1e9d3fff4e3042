namespace Sztpd.Core.Yang;

/// <summary>A compiled YANG module (RFC 7950 section 7.1): its identity, imports and definitions.</summary>
public sealed class YangModule
{
    public required string Name { get; init; }
    public required string Namespace { get; init; }
    public required string Prefix { get; init; }
    public string? Revision { get; init; }

    /// <summary>Import prefix → imported module name (the module's own prefix maps to itself).</summary>
    public Dictionary<string, string> PrefixToModule { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Identity> Identities { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Features { get; } = new(StringComparer.Ordinal);

    /// <summary>Top-level data nodes this module defines (not counting augments into other modules).</summary>
    public List<SchemaNode> DataNodes { get; } = [];
    public List<SchemaNode> Rpcs { get; } = [];
    public List<SchemaNode> Notifications { get; } = [];

    /// <summary>Structures defined with <c>rc:yang-data</c> or <c>sx:structure</c>, by name.</summary>
    public Dictionary<string, ContainerNode> YangData { get; } = new(StringComparer.Ordinal);

    public override string ToString() => Revision is null ? Name : $"{Name}@{Revision}";
}
