using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary><c>uses</c> (RFC 7950 section 7.13): grouping expansion in the namespace of the using module,
/// then <c>refine</c> and <c>augment</c> of the expanded nodes.</summary>
internal sealed partial class NodeBuilder
{
    private void ExpandUses(Statement uses, InteriorNode parent, NodeContext context)
    {
        if (!session.Features.Allows(uses, context.Scope.Module))
        {
            return;
        }
        var grouping = context.Scope.FindGrouping(uses.Arg, uses) ?? throw uses.Error($"grouping '{uses.Arg}' was not found");
        if (!activeGroupings.Add(grouping.Statement))
        {
            throw uses.Error($"grouping '{uses.Arg}' uses itself");
        }
        var first = parent.Children.Count;
        BuildChildren(grouping.Statement, parent, context with { Scope = grouping.Scope.For(grouping.Statement) });
        activeGroupings.Remove(grouping.Statement);
        var added = parent.Children.GetRange(first, parent.Children.Count - first);
        MarkAdded(added, uses, context);
        foreach (var refine in uses.All("refine"))
        {
            ApplyRefine(refine, added, context);
        }
        foreach (var augment in uses.All("augment"))
        {
            if (session.Features.Allows(augment, context.Scope.Module))
            {
                var target = SchemaNodePaths.FindDescendant(added, augment.Arg)
                    ?? throw augment.Error($"augment target '{augment.Arg}' was not found in grouping '{uses.Arg}'");
                AugmentInto(target, augment, context with { Scope = context.Scope.For(augment) });
            }
        }
    }

    /// <summary>Builds the body of an augment into <paramref name="target"/> (RFC 7950 section 7.17).</summary>
    public void AugmentInto(SchemaNode target, Statement augment, NodeContext context)
    {
        if (target is not InteriorNode interior || target is OperationNode)
        {
            throw augment.Error($"augment target '{augment.Arg}' is a {target.GetType().Name}, which cannot be augmented");
        }
        var first = interior.Children.Count;
        BuildChildren(augment, interior, context with { IgnoreConfig = context.IgnoreConfig || session.IsConfigFree(interior) });
        MarkAdded(interior.Children.GetRange(first, interior.Children.Count - first), augment, context);
    }

    /// <summary>Copies the when and if-feature of a uses or augment onto the nodes it added.</summary>
    private static void MarkAdded(List<SchemaNode> added, Statement s, NodeContext context)
    {
        var when = s.ArgOf("when");
        foreach (var node in added)
        {
            if (when is not null)
            {
                node.When = node.When is null ? when : $"({when}) and ({node.When})";
            }
            node.IfFeatures.AddRange(s.All("if-feature").Select(f => f.Arg));
            if (s.Keyword == "uses")
            {
                AddExtensions(node, s, context.Scope.Module);
            }
        }
    }

    private void ApplyRefine(Statement refine, List<SchemaNode> added, NodeContext context)
    {
        var target = SchemaNodePaths.FindDescendant(added, refine.Arg) ?? throw refine.Error($"refine target '{refine.Arg}' was not found");
        if (!session.Features.Allows(refine, context.Scope.Module))
        {
            session.Remove(target);
            return;
        }
        target.IfFeatures.AddRange(refine.All("if-feature").Select(f => f.Arg));
        AddExtensions(target, refine, context.Scope.Module);
        target.Description = refine.ArgOf("description") ?? target.Description;
        NodeEditor.Apply(target, refine, context, session);
    }
}
