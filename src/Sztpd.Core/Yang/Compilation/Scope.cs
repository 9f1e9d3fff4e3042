using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>A lexical scope of typedefs and groupings (RFC 7950 section 5.5): the module top level,
/// or any statement that defines typedefs or groupings among its substatements.</summary>
internal sealed class Scope
{
    private readonly Dictionary<string, Definition> typedefs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Definition> groupings = new(StringComparer.Ordinal);

    private Scope(ModuleSource module, Scope? parent)
    {
        Module = module;
        Parent = parent;
    }

    /// <summary>The module the statements of this scope are written in (prefixes resolve against it).</summary>
    public ModuleSource Module { get; }

    public Scope? Parent { get; }

    public static Scope CreateTop(ModuleSource module) => new Scope(module, null).Define(module.Root);

    /// <summary>The scope for the substatements of <paramref name="statement"/>: a new one only when it defines something.</summary>
    public Scope For(Statement statement) =>
        statement.Children.Exists(c => c.Keyword is "typedef" or "grouping") ? new Scope(Module, this).Define(statement) : this;

    /// <summary>Finds a typedef by (possibly prefixed) name, or null.</summary>
    public Definition? FindTypedef(string name, Statement at) => Find(name, at, s => s.typedefs);

    /// <summary>Finds a grouping by (possibly prefixed) name, or null.</summary>
    public Definition? FindGrouping(string name, Statement at) => Find(name, at, s => s.groupings);

    private Definition? Find(string name, Statement at, Func<Scope, Dictionary<string, Definition>> table)
    {
        var (prefix, local) = Names.Split(name);
        var scope = this;
        if (prefix is not null && prefix != Module.Module.Prefix)
        {
            scope = Module.Imported(prefix, at).TopScope;
        }
        for (; scope is not null; scope = scope.Parent)
        {
            if (table(scope).TryGetValue(local, out var found))
            {
                return found;
            }
        }
        return null;
    }

    private Scope Define(Statement statement)
    {
        foreach (var child in statement.Children)
        {
            var table = child.Keyword switch
            {
                "typedef" => typedefs,
                "grouping" => groupings,
                _ => null,
            };
            if (table is not null && !table.TryAdd(child.Arg, new Definition(child, this)))
            {
                throw child.Error($"{child.Keyword} '{child.Arg}' is defined twice");
            }
        }
        return this;
    }
}
