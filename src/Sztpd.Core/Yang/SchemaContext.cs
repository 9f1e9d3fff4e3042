namespace Sztpd.Core.Yang;

/// <summary>The set of compiled modules a server serves (RFC 8525 YANG library view).</summary>
public sealed class SchemaContext
{
    public SchemaContext(IEnumerable<YangModule> modules)
    {
        foreach (var m in modules)
        {
            Modules[m.Name] = m;
        }
    }

    public Dictionary<string, YangModule> Modules { get; } = new(StringComparer.Ordinal);

    /// <summary>Modules that are implemented (contribute data nodes); others are import-only.</summary>
    public HashSet<string> Implemented { get; } = new(StringComparer.Ordinal);

    public YangModule? FindModule(string name) => Modules.GetValueOrDefault(name);

    /// <summary>Top-level data node <paramref name="name"/> of module <paramref name="module"/>,
    /// including nodes that other modules augment into the root.</summary>
    public SchemaNode? FindTopLevel(string module, string name) =>
        Modules.TryGetValue(module, out var m) ? m.DataNodes.FirstOrDefault(n => n.Name == name) : null;

    /// <summary>
    /// The data node an RFC 7951 member name (<c>module:name</c>, or <c>name</c> in the parent's module)
    /// denotes under <paramref name="parent"/> (null: the root, where the name must be qualified).
    /// </summary>
    public SchemaNode? FindMember(InteriorNode? parent, string memberName)
    {
        var colon = memberName.IndexOf(':', StringComparison.Ordinal);
        var module = colon < 0 ? parent?.Module.Name : memberName[..colon];
        var name = memberName[(colon + 1)..];
        if (module is null)
        {
            return null;
        }
        return parent is null
            ? (Implemented.Contains(module) ? FindTopLevel(module, name) : null)
            : parent.FindDataChild(module, name);
    }

    /// <summary>All top-level data nodes of implemented modules.</summary>
    public IEnumerable<SchemaNode> TopLevelDataNodes =>
        Modules.Values.Where(m => Implemented.Contains(m.Name)).SelectMany(m => m.DataNodes);

    /// <summary>Finds an identity by module-qualified name <c>module:name</c>.</summary>
    public Identity? FindIdentity(string module, string name) =>
        Modules.TryGetValue(module, out var m) ? m.Identities.GetValueOrDefault(name) : null;

    public IEnumerable<Identity> AllIdentities => Modules.Values.SelectMany(m => m.Identities.Values);
}
