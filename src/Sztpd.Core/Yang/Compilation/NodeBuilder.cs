using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Builds schema nodes from statements (RFC 7950 section 7): data nodes, choice and case (with the
/// shorthand case), rpc, action and notification; groupings are expanded where they are used.</summary>
internal sealed partial class NodeBuilder
{
    private static readonly HashSet<string> ShorthandKeywords = new(StringComparer.Ordinal)
    {
        "container", "leaf", "leaf-list", "list", "choice", "anydata", "anyxml",
    };

    private readonly CompileSession session;
    private readonly HashSet<Statement> activeGroupings = [];

    public NodeBuilder(CompileSession session)
    {
        this.session = session;
    }

    /// <summary>Builds a module's top-level data nodes, rpcs, notifications and yang-data structures.</summary>
    public void BuildModule(ModuleSource source)
    {
        var context = new NodeContext(source, source.TopScope, IgnoreConfig: false);
        var root = new ContainerNode { Name = string.Empty, Module = source.Module };
        BuildChildren(source.Root, root, context);
        foreach (var node in root.Children)
        {
            node.Parent = null;
            var list = node switch
            {
                OperationNode => source.Module.Rpcs,
                NotificationNode => source.Module.Notifications,
                _ => source.Module.DataNodes,
            };
            list.Add(node);
        }
        BuildStructures(source, context);
    }

    /// <summary>Builds the schema-node substatements of <paramref name="statement"/> into <paramref name="parent"/>.</summary>
    public void BuildChildren(Statement statement, InteriorNode parent, NodeContext context)
    {
        foreach (var child in statement.Children)
        {
            BuildChild(child, parent, context);
        }
    }

    private void BuildChild(Statement statement, InteriorNode parent, NodeContext context)
    {
        if (statement.Keyword == "uses")
        {
            ExpandUses(statement, parent, context);
        }
        else if (parent is ChoiceNode choice && ShorthandKeywords.Contains(statement.Keyword))
        {
            if (session.Features.Allows(statement, context.Scope.Module))
            {
                var shorthand = new CaseNode { Name = statement.Arg, Module = context.Namespace.Module };
                choice.Add(shorthand);
                BuildNode(statement, shorthand, context);
            }
        }
        else if (IsNodeKeyword(statement.Keyword, parent))
        {
            BuildNode(statement, parent, context);
        }
    }

    private static bool IsNodeKeyword(string keyword, InteriorNode parent) => keyword switch
    {
        "container" or "leaf" or "leaf-list" or "list" or "choice" or "anydata" or "anyxml" or "notification" => true,
        "rpc" or "action" => true,
        "case" => parent is ChoiceNode,
        _ => false,
    };

    private void BuildNode(Statement statement, InteriorNode parent, NodeContext context)
    {
        if (!session.Features.Allows(statement, context.Scope.Module))
        {
            return;
        }
        var node = Create(statement, context);
        ApplyCommon(node, statement, context);
        parent.Add(node);
        var inner = context with
        {
            Scope = context.Scope.For(statement),
            IgnoreConfig = context.IgnoreConfig || node is OperationNode or NotificationNode,
        };
        switch (node)
        {
            case OperationNode operation:
                BuildOperation(statement, operation, inner);
                break;
            case InteriorNode interior:
                BuildChildren(statement, interior, inner);
                break;
        }
        if (node is ListNode list)
        {
            CheckKeys(list, statement);
        }
    }

    private void BuildOperation(Statement statement, OperationNode operation, NodeContext context)
    {
        foreach (var name in (string[])["input", "output"])
        {
            var container = new ContainerNode { Name = name, Module = context.Namespace.Module };
            operation.Add(container);
            if (statement.First(name) is { } body)
            {
                ApplyCommon(container, body, context);
                BuildChildren(body, container, context with { Scope = context.Scope.For(body) });
            }
        }
    }
}
