namespace Sztpd.Core.Yang.Compilation;

/// <summary>Resolves leafref targets (RFC 7950 section 9.9.2) once every augment and deviation is applied.
/// Predicates are ignored for the target; <c>..</c> steps skip choice, case, input and output.</summary>
internal sealed class LeafrefResolver(CompileSession session)
{
    public void Resolve()
    {
        foreach (var (owner, type) in session.Leafrefs)
        {
            if (IsRemoved(owner))
            {
                continue;
            }
            var target = Find(owner, type.LeafrefPath!);
            if (target is not (LeafNode or LeafListNode))
            {
                var at = session.Types.PathStatementOf(type);
                var problem = $"leafref path '{type.LeafrefPath}' of {owner.Path} does not lead to a leaf or leaf-list";
                throw at is null ? new YangException(problem) : at.Error(problem);
            }
            type.LeafrefTargetNode = target;
            type.LeafrefTarget = target as LeafNode;
        }
    }

    private bool IsRemoved(SchemaNode node)
    {
        for (SchemaNode? n = node; n is not null; n = n.Parent)
        {
            if (session.Removed.Contains(n))
            {
                return true;
            }
        }
        return false;
    }

    private SchemaNode? Find(SchemaNode owner, string path)
    {
        var steps = LeafrefPaths.Steps(path);
        if (steps.Count == 0)
        {
            return null;
        }
        SchemaNode? current = owner;
        var atRoot = path.TrimStart().StartsWith('/');
        foreach (var step in steps)
        {
            if (step == "..")
            {
                if (atRoot)
                {
                    return null;
                }
                current = Up(current!);
                atRoot = current is null;
                continue;
            }
            var (module, name) = Names.Split(step);
            current = atRoot ? TopLevel(owner, module ?? owner.Module.Name, name) : Down(current!, module, name);
            atRoot = false;
            if (current is null)
            {
                return null;
            }
        }
        return current;
    }

    private SchemaNode? TopLevel(SchemaNode owner, string module, string name)
    {
        if (session.ByName.TryGetValue(module, out var source)
            && source.Module.DataNodes.Concat(source.Module.Rpcs).Concat(source.Module.Notifications).FirstOrDefault(n => n.Name == name) is { } found)
        {
            return found;
        }
        var root = owner;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }
        // Inside yang-data or a structure, an absolute path may start at the structure's own top nodes.
        if (!session.StructureRoots.Contains(root))
        {
            return null;
        }
        return root.Name == name && root.Module.Name == module ? root : Down(root, module, name);
    }

    private static SchemaNode? Up(SchemaNode node)
    {
        var parent = node.DataParent;
        return parent is ContainerNode { Name: "input" or "output", Parent: OperationNode operation } ? operation : parent;
    }

    private static SchemaNode? Down(SchemaNode node, string? module, string name) => node switch
    {
        OperationNode operation => Down(operation.Input!, module, name) ?? Down(operation.Output!, module, name),
        InteriorNode interior => interior.DataChildren.FirstOrDefault(c => c.Name == name && (module is null || c.Module.Name == module)),
        _ => null,
    };
}
