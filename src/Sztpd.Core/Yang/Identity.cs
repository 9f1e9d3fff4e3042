namespace Sztpd.Core.Yang;

/// <summary>A YANG identity (RFC 7950 section 7.18).</summary>
public sealed class Identity
{
    public required YangModule Module { get; init; }
    public required string Name { get; init; }
    public List<Identity> Bases { get; } = [];
    public List<string> IfFeatures { get; } = [];

    /// <summary>The module-qualified name, as RFC 7951 section 6.8 writes it.</summary>
    public string QualifiedName => $"{Module.Name}:{Name}";

    /// <summary>True when this identity is derived from <paramref name="other"/> (directly or not).</summary>
    public bool IsDerivedFrom(Identity other)
    {
        foreach (var b in Bases)
        {
            if (ReferenceEquals(b, other) || b.IsDerivedFrom(other))
            {
                return true;
            }
        }
        return false;
    }

    public override string ToString() => QualifiedName;
}
