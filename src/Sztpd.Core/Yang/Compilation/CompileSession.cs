using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>The state of one compilation and its phases: features, identities, module trees, augments,
/// deviations, config inheritance and leafref targets.</summary>
internal sealed class CompileSession
{
    public CompileSession(IReadOnlyList<ModuleSource> modules, IEnumerable<string> implemented, IEnumerable<string> disabledFeatures)
    {
        Modules = modules;
        ByName = modules.ToDictionary(m => m.Module.Name, StringComparer.Ordinal);
        Features = new FeatureSet(modules, disabledFeatures);
        Types = new TypeResolver(Features);
        foreach (var name in implemented)
        {
            Implemented.Add(ByName.ContainsKey(name) ? name : throw new YangException($"implemented module '{name}' is not among the sources"));
        }
    }

    /// <summary>All modules, imported ones before the modules that import them.</summary>
    public IReadOnlyList<ModuleSource> Modules { get; }
    public IReadOnlyDictionary<string, ModuleSource> ByName { get; }
    public HashSet<string> Implemented { get; } = new(StringComparer.Ordinal);
    public FeatureSet Features { get; }
    public TypeResolver Types { get; }

    /// <summary>The <c>config</c> statement in effect for a node (set by the node, a refine or a deviation).</summary>
    public Dictionary<SchemaNode, Statement> ExplicitConfig { get; } = [];

    /// <summary>Leafref types (also union members) with the node that owns them.</summary>
    public List<(SchemaNode Owner, YangType Type)> Leafrefs { get; } = [];

    /// <summary>Roots of yang-data and structure trees.</summary>
    public HashSet<SchemaNode> StructureRoots { get; } = [];

    /// <summary>Nodes removed by a refine if-feature or a deviation.</summary>
    public HashSet<SchemaNode> Removed { get; } = [];

    public SchemaContext Run()
    {
        Features.Publish(Modules);
        IdentityBuilder.Build(Modules, Features);
        var builder = new NodeBuilder(this);
        foreach (var module in Modules)
        {
            builder.BuildModule(module);
        }
        var implemented = Modules.Where(m => Implemented.Contains(m.Module.Name)).ToList();
        new AugmentApplier(this, builder).Apply(implemented);
        new DeviationApplier(this).Apply(implemented);
        ConfigApplier.Apply(this);
        new LeafrefResolver(this).Resolve();
        var context = new SchemaContext(Modules.Select(m => m.Module));
        context.Implemented.UnionWith(Implemented);
        return context;
    }

    public void RegisterLeafrefs(SchemaNode owner, YangType type)
    {
        if (type.BaseType == "leafref")
        {
            Leafrefs.Add((owner, type));
        }
        foreach (var member in type.UnionTypes)
        {
            RegisterLeafrefs(owner, member);
        }
    }

    /// <summary>Detaches a node (deviation not-supported, or a refine whose if-feature is false).</summary>
    public void Remove(SchemaNode node)
    {
        Removed.Add(node);
        if (node.Parent is InteriorNode parent)
        {
            parent.Children.Remove(node);
            return;
        }
        foreach (var module in Modules)
        {
            module.Module.DataNodes.Remove(node);
            module.Module.Rpcs.Remove(node);
            module.Module.Notifications.Remove(node);
        }
    }

    /// <summary>True inside rpc, action, notification, yang-data or structure, where config does not apply.</summary>
    public bool IsConfigFree(SchemaNode node)
    {
        for (SchemaNode? n = node; n is not null; n = n.Parent)
        {
            if (n is OperationNode or NotificationNode || StructureRoots.Contains(n))
            {
                return true;
            }
        }
        return false;
    }
}
