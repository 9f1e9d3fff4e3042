using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Applies the <c>deviation</c> statements of implemented modules (RFC 7950 section 7.20.3):
/// <c>not-supported</c>, and <c>add</c>/<c>replace</c>/<c>delete</c> of type, default, mandatory, config,
/// units, must, unique, min-elements and max-elements. <c>add</c> is treated like <c>replace</c>.</summary>
internal sealed class DeviationApplier(CompileSession session)
{
    public void Apply(IEnumerable<ModuleSource> modules)
    {
        foreach (var source in modules)
        {
            foreach (var deviation in source.Root.All("deviation"))
            {
                var target = SchemaNodePaths.FindAbsolute(deviation.Arg, source, deviation)
                    ?? throw deviation.Error($"deviation target '{deviation.Arg}' was not found");
                foreach (var deviate in deviation.All("deviate"))
                {
                    Deviate(target, deviate, new NodeContext(source, source.TopScope.For(deviation), session.IsConfigFree(target)));
                }
            }
        }
    }

    private void Deviate(SchemaNode target, Statement deviate, NodeContext context)
    {
        switch (deviate.Arg)
        {
            case "not-supported":
                session.Remove(target);
                break;
            case "add" or "replace":
                Replace(target, deviate, context);
                break;
            case "delete":
                Delete(target, deviate);
                break;
            default:
                throw deviate.Error($"unknown deviate '{deviate.Arg}'");
        }
    }

    private void Replace(SchemaNode target, Statement deviate, NodeContext context)
    {
        if (deviate.First("type") is { } type)
        {
            var resolved = session.Types.Resolve(type, context.Scope).Type;
            _ = target switch
            {
                LeafNode leaf => leaf.Type = resolved,
                LeafListNode leafList => leafList.Type = resolved,
                _ => throw NodeEditor.NotFor(type, target),
            };
            session.Leafrefs.RemoveAll(l => ReferenceEquals(l.Owner, target));
            session.RegisterLeafrefs(target, resolved);
        }
        NodeEditor.Apply(target, deviate, context, session);
        NodeBuilder.AddExtensions(target, deviate, context.Scope.Module);
    }

    private static void Delete(SchemaNode target, Statement deviate)
    {
        if (deviate.Has("default"))
        {
            NodeEditor.RemoveDefaults(target);
        }
        if (deviate.Has("units") && target is LeafNode leaf)
        {
            leaf.Units = null;
        }
        foreach (var must in deviate.All("must"))
        {
            target.Musts.Remove(must.Arg);
        }
        foreach (var unique in deviate.All("unique"))
        {
            var paths = NodeEditor.UniquePaths(unique);
            (target as ListNode)?.Uniques.RemoveAll(u => u.SequenceEqual(paths));
        }
    }
}
