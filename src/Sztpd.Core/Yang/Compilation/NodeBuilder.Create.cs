using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Creation of each kind of schema node and the properties common to all of them.</summary>
internal sealed partial class NodeBuilder
{
    private SchemaNode Create(Statement s, NodeContext context)
    {
        var module = context.Namespace.Module;
        return s.Keyword switch
        {
            "container" => new ContainerNode { Name = s.Arg, Module = module, Presence = s.Has("presence") },
            "list" => CreateList(s, module),
            "leaf" => CreateLeaf(s, context),
            "leaf-list" => CreateLeafList(s, context),
            "choice" => new ChoiceNode { Name = s.Arg, Module = module, Mandatory = s.BoolOf("mandatory") ?? false, DefaultCase = s.ArgOf("default") },
            "case" => new CaseNode { Name = s.Arg, Module = module },
            "anydata" or "anyxml" => new AnyDataNode { Name = s.Arg, Module = module, Mandatory = s.BoolOf("mandatory") ?? false },
            "rpc" or "action" => new OperationNode { Name = s.Arg, Module = module, IsAction = s.Keyword == "action" },
            "notification" => new NotificationNode { Name = s.Arg, Module = module },
            _ => throw s.Error($"'{s.Keyword}' is not a schema node"),
        };
    }

    private static ListNode CreateList(Statement s, YangModule module)
    {
        var list = new ListNode
        {
            Name = s.Arg,
            Module = module,
            OrderedByUser = OrderedByUser(s),
        };
        if (s.First("key") is { } key)
        {
            list.Keys.AddRange(Names.Words(key.Arg).Select(k => Names.Split(k).Name));
        }
        foreach (var unique in s.All("unique"))
        {
            list.Uniques.Add(NodeEditor.UniquePaths(unique));
        }
        NodeEditor.SetElementCounts(list, s);
        return list;
    }

    private LeafNode CreateLeaf(Statement s, NodeContext context)
    {
        var resolved = ResolveType(s, context);
        var leaf = new LeafNode
        {
            Name = s.Arg,
            Module = context.Namespace.Module,
            Type = resolved.Type,
            Mandatory = s.BoolOf("mandatory") ?? false,
            Units = s.ArgOf("units") ?? resolved.Units,
        };
        leaf.Default = s.ArgOf("default") ?? (leaf.Mandatory ? null : resolved.Default);
        session.RegisterLeafrefs(leaf, leaf.Type);
        return leaf;
    }

    private LeafListNode CreateLeafList(Statement s, NodeContext context)
    {
        var resolved = ResolveType(s, context);
        var leafList = new LeafListNode
        {
            Name = s.Arg,
            Module = context.Namespace.Module,
            Type = resolved.Type,
            OrderedByUser = OrderedByUser(s),
        };
        leafList.Defaults.AddRange(s.All("default").Select(d => d.Arg));
        NodeEditor.SetElementCounts(leafList, s);
        if (leafList.Defaults.Count == 0 && resolved.Default is not null && leafList.MinElements == 0)
        {
            leafList.Defaults.Add(resolved.Default);
        }
        session.RegisterLeafrefs(leafList, leafList.Type);
        return leafList;
    }

    private ResolvedType ResolveType(Statement s, NodeContext context)
    {
        var type = s.First("type") ?? throw s.Error($"{s.Keyword} '{s.Arg}' has no type");
        return session.Types.Resolve(type, context.Scope);
    }

    private static bool OrderedByUser(Statement s) => s.ArgOf("ordered-by") switch
    {
        null or "system" => false,
        "user" => true,
        var other => throw s.Error($"ordered-by must be 'user' or 'system', not '{other}'"),
    };

    private void ApplyCommon(SchemaNode node, Statement s, NodeContext context)
    {
        node.Description = s.ArgOf("description");
        node.When = s.ArgOf("when");
        node.Musts.AddRange(s.All("must").Select(m => m.Arg));
        node.IfFeatures.AddRange(s.All("if-feature").Select(f => f.Arg));
        NodeEditor.SetConfig(node, s, context, session);
        AddExtensions(node, s, context.Scope.Module);
    }

    /// <summary>Keeps the extension statements written directly on a node (RFC 7950 section 7.19).</summary>
    public static void AddExtensions(SchemaNode node, Statement s, ModuleSource module)
    {
        foreach (var child in s.Children)
        {
            if (child.ExtensionPrefix is { } prefix)
            {
                var extensionModule = module.Imported(prefix, child).Module.Name;
                node.Extensions.Add(new ExtensionUse(extensionModule, child.LocalKeyword, child.Argument));
            }
        }
    }

    private static void CheckKeys(ListNode list, Statement s)
    {
        foreach (var key in list.Keys)
        {
            if (list.Children.Find(c => c.Name == key) is not LeafNode)
            {
                throw s.Error($"key '{key}' of list '{list.Name}' is not a leaf of the list");
            }
        }
    }
}
