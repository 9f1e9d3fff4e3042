using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Data;

public sealed partial class InstanceValidator
{
    /// <summary>Choices (one case at most), mandatory leaves and choices, min/max-elements (RFC 7950 sections 7.6.5, 7.9, 7.7.5).</summary>
    private void CheckConstraints(InteriorNode node, JsonObject obj, string path)
    {
        if (!config || Partial)
        {
            return;
        }
        foreach (var child in node.Children)
        {
            CheckChild(node, child, obj, path);
        }
    }

    private void CheckChild(InteriorNode dataParent, SchemaNode child, JsonObject obj, string path)
    {
        if (!child.Config)
        {
            return;
        }
        switch (child)
        {
            case ChoiceNode choice:
                var active = choice.Children.OfType<CaseNode>().Where(c => CaseIsPresent(dataParent, c, obj)).ToList();
                if (active.Count > 1)
                {
                    Errors.Add(RestconfError.InvalidValue(
                        $"Choice \"{choice.Name}\" allows one case, but nodes of cases {string.Join(" and ", active.Select(c => $"\"{c.Name}\""))} are present.", path));
                }
                else if (active.Count == 0 && choice.Mandatory)
                {
                    Errors.Add(RestconfError.MissingElement($"One of the cases of choice \"{choice.Name}\" is required.", path));
                }
                else if (active.Count == 1)
                {
                    foreach (var c in active[0].Children)
                    {
                        CheckChild(dataParent, c, obj, path);
                    }
                }
                break;
            case LeafNode { Mandatory: true } leaf when !obj.ContainsKey(MemberName(dataParent, leaf)):
                Errors.Add(RestconfError.MissingElement($"The mandatory node \"{leaf.Name}\" is missing.", path));
                break;
            case AnyDataNode { Mandatory: true } any when !obj.ContainsKey(MemberName(dataParent, any)):
                Errors.Add(RestconfError.MissingElement($"The mandatory node \"{any.Name}\" is missing.", path));
                break;
            case ContainerNode { Presence: false } c when !obj.ContainsKey(MemberName(dataParent, c)):
                // A non-presence container that is absent still has its mandatory descendants enforced.
                CheckConstraints(c, [], $"{path}/{MemberName(dataParent, c)}");
                break;
            case ListNode list:
                CheckCount(list.Name, obj[MemberName(dataParent, list)] as JsonArray, list.MinElements, list.MaxElements, path);
                break;
            case LeafListNode ll:
                CheckCount(ll.Name, obj[MemberName(dataParent, ll)] as JsonArray, ll.MinElements, ll.MaxElements, path);
                break;
        }
    }

    private void CheckCount(string name, JsonArray? array, int min, int? max, string path)
    {
        var n = array?.Count ?? 0;
        if (n < min)
        {
            Errors.Add(RestconfError.MissingElement($"\"{name}\" needs at least {min} element(s), but has {n}.", path) with { AppTag = "too-few-elements" });
        }
        else if (max is { } m && n > m)
        {
            Errors.Add(RestconfError.InvalidValue($"\"{name}\" allows at most {m} element(s), but has {n}.", path) with { AppTag = "too-many-elements" });
        }
    }

    private static bool CaseIsPresent(InteriorNode dataParent, InteriorNode caseOrChoice, JsonObject obj) =>
        caseOrChoice.Children.Any(c => c.IsDataNode
            ? obj.ContainsKey(MemberName(dataParent, c))
            : c is InteriorNode i && CaseIsPresent(dataParent, i, obj));

    /// <summary>RFC 7950 section 7.8.3: the combined values of the unique leaves must differ between entries.</summary>
    private void CheckUniques(ListNode list, JsonArray entries, string path)
    {
        foreach (var unique in list.Uniques)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries.OfType<JsonObject>())
            {
                var values = unique.Select(p => DataKeys.Descendant(entry, p)?.ToJsonString()).ToList();
                if (values.Any(v => v is null))
                {
                    continue;
                }
                if (!seen.Add(string.Join("\u0001", values)))
                {
                    Errors.Add(RestconfError.InvalidValue(
                        $"The \"{list.Name}\" entries must have unique values of {string.Join(", ", unique)}; {string.Join(", ", values)} appears twice.", path)
                        with
                    { AppTag = "data-not-unique" });
                }
            }
        }
    }
}
