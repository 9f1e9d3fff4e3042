namespace Sztpd.Core.Yang.Compilation;

/// <summary>Config inheritance (RFC 7950 section 7.21.1): a node without <c>config</c> takes its parent's value;
/// <c>config true</c> under a <c>config false</c> node is an error. Nodes inside rpc, action, notification and
/// yang-data are left at their default (true): config does not apply to them.</summary>
internal static class ConfigApplier
{
    public static void Apply(CompileSession session)
    {
        foreach (var module in session.Modules)
        {
            foreach (var node in module.Module.DataNodes)
            {
                Apply(session, node, inherited: true);
            }
        }
    }

    private static void Apply(CompileSession session, SchemaNode node, bool inherited)
    {
        if (node is OperationNode or NotificationNode)
        {
            return;
        }
        var value = inherited;
        if (session.ExplicitConfig.TryGetValue(node, out var statement))
        {
            value = statement.BoolArg;
            if (value && !inherited)
            {
                throw statement.Error($"'{node.Name}' is config true under a config false node");
            }
        }
        node.Config = value;
        if (node is InteriorNode interior)
        {
            foreach (var child in interior.Children)
            {
                Apply(session, child, value);
            }
        }
    }
}
