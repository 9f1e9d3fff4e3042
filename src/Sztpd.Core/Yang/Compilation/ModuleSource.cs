using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>One parsed module: its statement tree, the compiled <see cref="YangModule"/> shell and its imports.</summary>
internal sealed class ModuleSource
{
    private readonly Dictionary<string, ModuleSource> imports = new(StringComparer.Ordinal);

    public ModuleSource(Statement root)
    {
        Root = root;
        Module = new YangModule
        {
            Name = root.Arg,
            Namespace = Required(root, "namespace"),
            Prefix = Required(root, "prefix"),
            Revision = root.All("revision").Select(r => r.Arg).Max(StringComparer.Ordinal),
        };
        Module.PrefixToModule[Module.Prefix] = Module.Name;
        TopScope = Scope.CreateTop(this);
    }

    public Statement Root { get; }
    public YangModule Module { get; }
    public Scope TopScope { get; }
    public string FileName => Root.FileName;

    /// <summary>The modules this one imports.</summary>
    public IEnumerable<ModuleSource> Imports => imports.Values;

    /// <summary>Links the import statements to the loaded modules.</summary>
    public void ResolveImports(IReadOnlyDictionary<string, ModuleSource> modules)
    {
        if (Root.First("include") is { } include)
        {
            throw include.Error($"include of submodules is not supported (submodule '{include.Argument}')");
        }
        foreach (var import in Root.All("import"))
        {
            if (!modules.TryGetValue(import.Arg, out var target))
            {
                throw import.Error($"imported module '{import.Arg}' was not found among the sources");
            }
            var revision = import.ArgOf("revision-date");
            if (revision is not null && revision != target.Module.Revision)
            {
                throw import.Error($"module '{import.Arg}' revision {revision} is imported, but revision {target.Module.Revision} was loaded");
            }
            var prefix = Required(import, "prefix");
            if (!imports.TryAdd(prefix, target) || prefix == Module.Prefix)
            {
                throw import.Error($"prefix '{prefix}' is used twice");
            }
            Module.PrefixToModule[prefix] = target.Module.Name;
        }
    }

    /// <summary>The module a prefix names (this module for its own prefix).</summary>
    public ModuleSource Imported(string prefix, Statement at) =>
        prefix == Module.Prefix ? this
        : imports.TryGetValue(prefix, out var m) ? m
        : throw at.Error($"unknown prefix '{prefix}' in module '{Module.Name}'");

    /// <summary>The module name for an optional prefix (null: this module).</summary>
    public string ModuleNameOf(string? prefix, Statement at) => prefix is null ? Module.Name : Imported(prefix, at).Module.Name;

    private static string Required(Statement statement, string keyword) =>
        statement.ArgOf(keyword) ?? throw statement.Error($"'{statement.Keyword} {statement.Argument}' has no '{keyword}'");
}
