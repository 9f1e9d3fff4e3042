using System.Globalization;
using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Property changes shared by node creation, <c>refine</c> (RFC 7950 section 7.13.2) and
/// <c>deviate</c> (section 7.20.3.2).</summary>
internal static class NodeEditor
{
    /// <summary>
    /// Applies the property changes of a <c>refine</c> or of a <c>deviate add</c>/<c>replace</c> to <paramref name="target"/>,
    /// in one order: default, mandatory, presence (refine only), config, units and unique (deviate only), must, min/max-elements.
    /// </summary>
    public static void Apply(SchemaNode target, Statement edit, NodeContext context, CompileSession session)
    {
        var refine = edit.Keyword == "refine";
        if (edit.Has("default"))
        {
            SetDefaults(target, edit);
        }
        if (edit.First("mandatory") is { } mandatory)
        {
            SetMandatory(target, mandatory);
        }
        if (refine && edit.First("presence") is { } presence)
        {
            SetPresence(target, presence);
        }
        SetConfig(target, edit, context, session);
        if (!refine && edit.First("units") is { } units)
        {
            _ = target is LeafNode leaf ? leaf.Units = units.Arg : throw NotFor(units, target);
        }
        if (!refine)
        {
            AddUniques(target, edit);
        }
        target.Musts.AddRange(edit.All("must").Select(m => m.Arg));
        SetElementCounts(target, edit);
    }

    /// <summary>Records an explicit <c>config</c> substatement of <paramref name="s"/> (checked for true/false) unless the context ignores config.</summary>
    public static void SetConfig(SchemaNode node, Statement s, NodeContext context, CompileSession session)
    {
        if (s.First("config") is { } config && !context.IgnoreConfig)
        {
            _ = config.BoolArg;
            session.ExplicitConfig[node] = config;
        }
    }

    private static void AddUniques(SchemaNode target, Statement s)
    {
        foreach (var unique in s.All("unique"))
        {
            var list = target as ListNode ?? throw NotFor(unique, target);
            list.Uniques.Add(UniquePaths(unique));
        }
    }

    /// <summary>The descendant paths of a <c>unique</c> statement, prefixes removed (RFC 7950 section 7.8.3).</summary>
    public static List<string> UniquePaths(Statement unique) => [.. Names.Words(unique.Arg).Select(Names.StripPrefixes)];

    /// <summary>Applies the min-elements and max-elements substatements of <paramref name="s"/>.</summary>
    public static void SetElementCounts(SchemaNode node, Statement s)
    {
        if (s.First("min-elements") is { } min)
        {
            var value = int.TryParse(min.Arg, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw min.Error($"invalid min-elements '{min.Arg}'");
            _ = node switch
            {
                ListNode l => l.MinElements = value,
                LeafListNode l => l.MinElements = value,
                _ => throw NotFor(min, node),
            };
        }
        if (s.First("max-elements") is { } max)
        {
            int? value = max.Arg == "unbounded" ? null
                : int.TryParse(max.Arg, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                : throw max.Error($"invalid max-elements '{max.Arg}'");
            _ = node switch
            {
                ListNode l => l.MaxElements = value,
                LeafListNode l => l.MaxElements = value,
                _ => throw NotFor(max, node),
            };
        }
    }

    /// <summary>Replaces the default(s) with the default substatements of <paramref name="s"/>.</summary>
    public static void SetDefaults(SchemaNode node, Statement s)
    {
        var defaults = s.All("default").ToList();
        switch (node)
        {
            case LeafNode leaf when defaults.Count == 1:
                leaf.Default = defaults[0].Arg;
                break;
            case ChoiceNode choice when defaults.Count == 1:
                choice.DefaultCase = defaults[0].Arg;
                break;
            case LeafListNode leafList:
                leafList.Defaults.Clear();
                leafList.Defaults.AddRange(defaults.Select(d => d.Arg));
                break;
            default:
                throw NotFor(defaults[0], node);
        }
    }

    public static void RemoveDefaults(SchemaNode node)
    {
        switch (node)
        {
            case LeafNode leaf:
                leaf.Default = null;
                break;
            case ChoiceNode choice:
                choice.DefaultCase = null;
                break;
            case LeafListNode leafList:
                leafList.Defaults.Clear();
                break;
        }
    }

    public static void SetMandatory(SchemaNode node, Statement mandatory)
    {
        var value = mandatory.BoolArg;
        _ = node switch
        {
            LeafNode leaf => leaf.Mandatory = value,
            ChoiceNode choice => choice.Mandatory = value,
            AnyDataNode any => any.Mandatory = value,
            _ => throw NotFor(mandatory, node),
        };
    }

    public static void SetPresence(SchemaNode node, Statement presence)
    {
        if (node is not ContainerNode container)
        {
            throw NotFor(presence, node);
        }
        container.Presence = true;
    }

    public static YangException NotFor(Statement s, SchemaNode node) =>
        s.Error($"'{s.Keyword}' does not apply to {node.GetType().Name} '{node.Name}'");
}
