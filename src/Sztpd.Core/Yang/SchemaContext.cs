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

    /// <summary>All top-level data nodes of implemented modules.</summary>
    public IEnumerable<SchemaNode> TopLevelDataNodes =>
        Modules.Values.Where(m => Implemented.Contains(m.Name)).SelectMany(m => m.DataNodes);

    /// <summary>Finds an identity by module-qualified name <c>module:name</c>.</summary>
    public Identity? FindIdentity(string module, string name) =>
        Modules.TryGetValue(module, out var m) ? m.Identities.GetValueOrDefault(name) : null;

    public IEnumerable<Identity> AllIdentities => Modules.Values.SelectMany(m => m.Identities.Values);
}
