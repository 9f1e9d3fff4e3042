using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary><c>rc:yang-data</c> (RFC 8040 section 8) and <c>sx:structure</c> (RFC 8791) into <see cref="YangModule.YangData"/>.</summary>
internal sealed partial class NodeBuilder
{
    public const string RestconfModule = "ietf-restconf";
    public const string StructureModule = "ietf-yang-structure-ext";

    /// <summary>True for a top-level <c>sx:augment-structure</c> statement.</summary>
    public static bool IsAugmentStructure(Statement s, ModuleSource source) =>
        s.ExtensionPrefix is { } prefix && s.LocalKeyword == "augment-structure"
        && source.Imported(prefix, s).Module.Name == StructureModule;

    /// <summary>Builds each structure into a container named after it. For <c>rc:yang-data</c> whose body is a
    /// single container, that container itself is stored under the yang-data name.</summary>
    private void BuildStructures(ModuleSource source, NodeContext context)
    {
        foreach (var s in source.Root.Children)
        {
            if (s.ExtensionPrefix is not { } prefix)
            {
                continue;
            }
            var extensionModule = source.Imported(prefix, s).Module.Name;
            var isYangData = extensionModule == RestconfModule && s.LocalKeyword == "yang-data";
            if (!isYangData && !(extensionModule == StructureModule && s.LocalKeyword == "structure"))
            {
                continue;
            }
            var holder = new ContainerNode { Name = s.Arg, Module = source.Module, Description = s.ArgOf("description") };
            session.StructureRoots.Add(holder);
            BuildChildren(s, holder, context with { Scope = context.Scope.For(s), IgnoreConfig = true });
            var stored = holder;
            if (isYangData && holder.Children is [ContainerNode single])
            {
                single.Parent = null;
                session.StructureRoots.Add(single);
                stored = single;
            }
            if (!source.Module.YangData.TryAdd(s.Arg, stored))
            {
                throw s.Error($"structure '{s.Arg}' is defined twice");
            }
        }
    }
}
