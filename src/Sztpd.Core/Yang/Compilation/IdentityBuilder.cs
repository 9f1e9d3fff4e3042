using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Creates the identities of all modules (RFC 7950 section 7.18) and links their bases.
/// An identity whose if-feature is false is omitted, and so is every identity derived from it.</summary>
internal static class IdentityBuilder
{
    public static void Build(IReadOnlyList<ModuleSource> modules, FeatureSet features)
    {
        var created = new List<(Identity Identity, Statement Statement, ModuleSource Source)>();
        var omitted = new HashSet<Identity>();
        var disabled = new HashSet<(string Module, string Name)>();
        foreach (var source in modules)
        {
            foreach (var statement in source.Root.All("identity"))
            {
                if (!features.Allows(statement, source))
                {
                    disabled.Add((source.Module.Name, statement.Arg));
                    continue;
                }
                var identity = new Identity { Module = source.Module, Name = statement.Arg };
                identity.IfFeatures.AddRange(statement.All("if-feature").Select(f => f.Arg));
                if (!source.Module.Identities.TryAdd(identity.Name, identity))
                {
                    throw statement.Error($"identity '{identity.Name}' is defined twice");
                }
                created.Add((identity, statement, source));
            }
        }
        foreach (var (identity, statement, source) in created)
        {
            LinkBases(identity, statement, source, disabled, omitted);
        }
        RemoveOmitted(created.Select(c => c.Identity).ToList(), omitted);
        foreach (var (identity, statement, _) in created)
        {
            CheckNoCycle(identity, statement);
        }
    }

    private static void LinkBases(Identity identity, Statement statement, ModuleSource source,
        HashSet<(string Module, string Name)> disabled, HashSet<Identity> omitted)
    {
        foreach (var baseStatement in statement.All("base"))
        {
            var (prefix, name) = Names.Split(baseStatement.Arg);
            var module = source.Imported(prefix ?? source.Module.Prefix, baseStatement).Module;
            if (module.Identities.TryGetValue(name, out var found))
            {
                identity.Bases.Add(found);
            }
            else if (disabled.Contains((module.Name, name)))
            {
                omitted.Add(identity);
            }
            else
            {
                throw baseStatement.Error($"base identity '{baseStatement.Arg}' was not found");
            }
        }
    }

    private static void RemoveOmitted(List<Identity> all, HashSet<Identity> omitted)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var identity in all)
            {
                if (!omitted.Contains(identity) && identity.Bases.Exists(omitted.Contains))
                {
                    changed = omitted.Add(identity);
                }
            }
        }
        while (changed);
        foreach (var identity in omitted)
        {
            identity.Module.Identities.Remove(identity.Name);
        }
    }

    private static void CheckNoCycle(Identity identity, Statement statement)
    {
        var seen = new HashSet<Identity>();
        var stack = new Stack<Identity>(identity.Bases);
        while (stack.TryPop(out var next))
        {
            if (ReferenceEquals(next, identity))
            {
                throw statement.Error($"identity '{identity.Name}' is derived from itself");
            }
            if (seen.Add(next))
            {
                next.Bases.ForEach(stack.Push);
            }
        }
    }
}
