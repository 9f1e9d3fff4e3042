using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Parses the sources, keeps the latest revision of each module, links imports and orders the
/// modules so that every module comes after the modules it imports.</summary>
internal static class ModuleLoader
{
    public static List<ModuleSource> Load(IEnumerable<(string FileName, string Text)> sources)
    {
        var modules = new Dictionary<string, ModuleSource>(StringComparer.Ordinal);
        foreach (var (fileName, text) in sources)
        {
            var root = StatementParser.Parse(fileName, text);
            if (root.Keyword == "submodule")
            {
                continue; // only reachable through include, which reports the lack of support
            }
            if (root.Keyword != "module")
            {
                throw root.Error($"expected 'module' or 'submodule', found '{root.Keyword}'");
            }
            var source = new ModuleSource(root);
            if (modules.TryGetValue(source.Module.Name, out var other))
            {
                var order = string.CompareOrdinal(source.Module.Revision, other.Module.Revision);
                if (order == 0)
                {
                    throw root.Error($"module '{source.Module.Name}' is also given in {other.FileName}");
                }
                source = order > 0 ? source : other;
            }
            modules[source.Module.Name] = source;
        }
        foreach (var source in modules.Values)
        {
            source.ResolveImports(modules);
        }
        var ordered = new List<ModuleSource>(modules.Count);
        var visited = new HashSet<ModuleSource>();
        foreach (var source in modules.Values)
        {
            Visit(source, visited, [], ordered);
        }
        return ordered;
    }

    private static void Visit(ModuleSource source, HashSet<ModuleSource> visited, HashSet<ModuleSource> path, List<ModuleSource> ordered)
    {
        if (visited.Contains(source))
        {
            return;
        }
        if (!path.Add(source))
        {
            throw source.Root.Error($"module '{source.Module.Name}' imports itself (import cycle)");
        }
        foreach (var imported in source.Imports)
        {
            Visit(imported, visited, path, ordered);
        }
        path.Remove(source);
        visited.Add(source);
        ordered.Add(source);
    }
}
