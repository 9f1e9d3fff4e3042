using Sztpd.Core.Yang;

namespace Sztpd.Core.Tests.Yang;

/// <summary>Compiles small inline modules for the YANG compiler tests.</summary>
internal static class TestSchemas
{
    /// <summary>A YANG 1.1 module named <paramref name="name"/> with prefix = name and the given body.</summary>
    public static string Module(string name, string body) =>
        $"module {name} {{\n  yang-version 1.1;\n  namespace \"urn:test:{name}\";\n  prefix {name};\n{body}\n}}\n";

    /// <summary>Compiles the modules (all implemented) plus the named reference modules (import only).</summary>
    public static SchemaContext Compile(string[] modules, string[]? reference = null, string[]? disabledFeatures = null)
    {
        var sources = modules.Select(m => (FileName: NameOf(m) + ".yang", Text: m)).ToList();
        sources.AddRange((reference ?? []).Select(ReferenceSource));
        return YangCompiler.Compile(sources, modules.Select(NameOf), disabledFeatures);
    }

    public static SchemaContext Compile(params string[] modules) => Compile(modules, null, null);

    /// <summary>Compiles one test module named <c>t</c> with the given body.</summary>
    public static YangModule CompileBody(string body, params string[] reference) =>
        Compile([Module("t", body)], reference).Modules["t"];

    /// <summary>The compile error of the given modules.</summary>
    public static YangException Error(params string[] modules) => Assert.Throws<YangException>(() => Compile(modules));

    public static (string FileName, string Text) ReferenceSource(string moduleName)
    {
        var file = YangPaths.ReferenceFile(moduleName);
        return (Path.GetFileName(file), File.ReadAllText(file));
    }

    /// <summary>Follows a path of child names from a top-level data node.</summary>
    public static SchemaNode Node(YangModule module, string path)
    {
        var steps = path.Split('/');
        SchemaNode node = module.DataNodes.Concat(module.Rpcs).Concat(module.Notifications).Single(n => n.Name == steps[0]);
        foreach (var step in steps.Skip(1))
        {
            node = ((InteriorNode)node).Children.Single(c => c.Name == step);
        }
        return node;
    }

    public static LeafNode Leaf(YangModule module, string path) => (LeafNode)Node(module, path);

    private static string NameOf(string moduleText) => moduleText.Split(' ', 3)[1];
}
