using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Data;

public sealed partial class InstanceValidator
{
    /// <summary>Finds the schema node for a JSON member name under <paramref name="node"/> (null: root).</summary>
    public SchemaNode? Resolve(InteriorNode? node, string memberName, string path)
    {
        if (node is null && !memberName.Contains(':', StringComparison.Ordinal))
        {
            Errors.Add(RestconfError.UnknownElement(
                $"The top-level node-identifier \"{memberName}\" must be prefixed by a namespace followed by a colon.", path));
            return null;
        }
        var child = schema.FindMember(node, memberName);
        if (child is null)
        {
            var where = node is null ? "the datastore root" : $"\"{node.Name}\"";
            Errors.Add(RestconfError.UnknownElement($"\"{memberName}\" is not a known child of {where}.", path));
            return null;
        }
        if (config && !child.Config)
        {
            Errors.Add(RestconfError.UnknownElement($"\"{memberName}\" is state data (config false) and cannot be configured.", path));
            return null;
        }
        return child;
    }

    /// <summary>The RFC 7951 member name of <paramref name="child"/> inside <paramref name="parent"/>.</summary>
    public static string MemberName(InteriorNode? parent, SchemaNode child) =>
        parent is null || !ReferenceEquals(DataModule(parent), child.Module) ? $"{child.Module.Name}:{child.Name}" : child.Name;

    private static YangModule DataModule(InteriorNode parent) =>
        parent.IsDataNode ? parent.Module : (parent.DataParent ?? parent).Module;

    private static string ChildPath(string path, InteriorNode? parent, SchemaNode child) => $"{path}/{MemberName(parent, child)}";
}
