using System.Globalization;
using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Property changes shared by node creation, <c>refine</c> (RFC 7950 section 7.13.2) and
/// <c>deviate</c> (section 7.20.3.2).</summary>
internal static class NodeEditor
{
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
