using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Resolution of schema node identifiers (RFC 7950 section 6.5) used by augment, refine and deviation.
/// Steps go through choice, case, input and output nodes.</summary>
internal static class SchemaNodePaths
{
    /// <summary>A descendant path (<c>a/b/c</c>) whose first step is one of <paramref name="start"/>; prefixes are
    /// not compared, since the nodes of one grouping expansion share a namespace.</summary>
    public static SchemaNode? FindDescendant(IEnumerable<SchemaNode> start, string path)
    {
        SchemaNode? current = null;
        foreach (var step in path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = Names.Split(step).Name;
            var candidates = current is null ? start : current is InteriorNode i ? i.Children : [];
            current = candidates.FirstOrDefault(c => c.Name == name);
            if (current is null)
            {
                return null;
            }
        }
        return current;
    }

    /// <summary>An absolute path (<c>/p:a/p:b</c>) with prefixes of <paramref name="module"/>; when
    /// <paramref name="structure"/> is true, the first step names a yang-data structure.</summary>
    public static SchemaNode? FindAbsolute(string path, ModuleSource module, Statement at, bool structure = false)
    {
        if (!path.StartsWith('/'))
        {
            throw at.Error($"'{path}' must be an absolute schema node identifier");
        }
        SchemaNode? current = null;
        foreach (var step in path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (prefix, name) = Names.Split(step);
            var target = module.Imported(prefix ?? module.Module.Prefix, at).Module;
            current = current is null ? TopLevel(target, name, structure) : Child(current, target, name);
            if (current is null)
            {
                return null;
            }
        }
        return current ?? throw at.Error("empty schema node identifier");
    }

    private static SchemaNode? TopLevel(YangModule module, string name, bool structure) => structure
        ? module.YangData.GetValueOrDefault(name)
        : module.DataNodes.Concat(module.Rpcs).Concat(module.Notifications).FirstOrDefault(n => n.Name == name);

    private static SchemaNode? Child(SchemaNode parent, YangModule module, string name) =>
        parent is InteriorNode interior
            ? interior.Children.Find(c => c.Name == name && ReferenceEquals(c.Module, module))
            : null;
}
