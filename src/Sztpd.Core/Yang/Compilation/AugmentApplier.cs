using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Applies the top-level <c>augment</c> and <c>sx:augment-structure</c> statements of implemented
/// modules (RFC 7950 section 7.17), imported modules first. Within a module, an augment whose target another
/// augment of the same module adds is retried until nothing more resolves.</summary>
internal sealed class AugmentApplier(CompileSession session, NodeBuilder builder)
{
    public void Apply(IEnumerable<ModuleSource> modules)
    {
        foreach (var source in modules)
        {
            var pending = source.Root.Children
                .Where(s => (s.Keyword == "augment" || NodeBuilder.IsAugmentStructure(s, source)) && session.Features.Allows(s, source))
                .ToList();
            while (pending.Count > 0)
            {
                var applied = pending.RemoveAll(s => TryApply(s, source));
                if (applied == 0)
                {
                    throw pending[0].Error($"augment target '{pending[0].Argument}' was not found");
                }
            }
        }
    }

    private bool TryApply(Statement augment, ModuleSource source)
    {
        var structure = augment.Keyword != "augment";
        var target = SchemaNodePaths.FindAbsolute(augment.Arg, source, augment, structure);
        if (target is null)
        {
            return false;
        }
        var context = new NodeContext(source, source.TopScope.For(augment), IgnoreConfig: structure);
        builder.AugmentInto(target, augment, context);
        return true;
    }
}
