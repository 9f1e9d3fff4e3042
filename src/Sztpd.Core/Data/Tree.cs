using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Data;

/// <summary>Navigation and in-place edits of a canonical RFC 7951 document along a <see cref="ResourcePath"/>.</summary>
public static class Tree
{
    public static JsonNode? Find(JsonObject root, IReadOnlyList<PathStep> steps)
    {
        JsonNode? current = root;
        foreach (var step in steps)
        {
            current = Child(current as JsonObject, step);
            if (current is null)
            {
                return null;
            }
        }
        return current;
    }

    /// <summary>The value one step selects inside <paramref name="parent"/>: a member, a list entry or a leaf-list value.</summary>
    public static JsonNode? Child(JsonObject? parent, PathStep step)
    {
        var member = parent?[step.MemberName];
        if (step.Keys is null || member is not JsonArray array)
        {
            return member;
        }
        var i = IndexOf(array, step);
        return i < 0 ? null : array[i];
    }

    public static int IndexOf(JsonArray array, PathStep step)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (Matches(array[i], step))
            {
                return i;
            }
        }
        return -1;
    }

    private static bool Matches(JsonNode? item, PathStep step)
    {
        if (step.Node is ListNode list)
        {
            return item is JsonObject o && DataKeys.KeyValues(list, o) is { } kv && kv.SequenceEqual(step.Keys!, StringComparer.Ordinal);
        }
        return DataKeys.Text(item) == step.Keys![0];
    }

    /// <summary>Removes the node; false when it does not exist.</summary>
    public static bool Remove(JsonObject root, IReadOnlyList<PathStep> steps)
    {
        if (Find(root, steps.Take(steps.Count - 1).ToList()) is not JsonObject parent)
        {
            return false;
        }
        var last = steps[^1];
        if (last.Keys is null)
        {
            return parent.Remove(last.MemberName);
        }
        if (parent[last.MemberName] is not JsonArray array || IndexOf(array, last) is var i && i < 0)
        {
            return false;
        }
        array.RemoveAt(i);
        if (array.Count == 0)
        {
            parent.Remove(last.MemberName);
        }
        return true;
    }

    /// <summary>
    /// Sets the node at <paramref name="steps"/> to <paramref name="value"/>, creating missing containers.
    /// Returns true when the node was created, false when replaced, null (with error) when a parent list entry is missing.
    /// </summary>
    public static bool? Set(JsonObject root, IReadOnlyList<PathStep> steps, JsonNode value, InsertPosition? insert, out RestconfError? error)
    {
        error = null;
        JsonObject parent = root;
        for (var i = 0; i < steps.Count - 1; i++)
        {
            var next = Child(parent, steps[i]);
            if (next is null && steps[i].Keys is null && steps[i].Node is ContainerNode)
            {
                next = parent[steps[i].MemberName] = new JsonObject();
            }
            if (next is not JsonObject o)
            {
                error = RestconfError.NotFound($"Parent node does not exist: \"/{string.Join("/", steps.Take(i + 1))}\".");
                return null;
            }
            parent = o;
        }
        var last = steps[^1];
        if (last.Keys is null)
        {
            var created = !parent.ContainsKey(last.MemberName);
            parent[last.MemberName] = value;
            return created;
        }
        if (parent[last.MemberName] is not JsonArray array)
        {
            parent[last.MemberName] = array = [];
        }
        var index = IndexOf(array, last);
        if (index >= 0)
        {
            array[index] = value;
            return false;
        }
        if (!Insert(array, last, value, insert, out error))
        {
            return null;
        }
        return true;
    }

    /// <summary>Inserts a new list entry or leaf-list value honouring RFC 8040 section 4.8.5/4.8.6 insert and point.</summary>
    public static bool Insert(JsonArray array, PathStep entryStep, JsonNode value, InsertPosition? insert, out RestconfError? error)
    {
        error = null;
        switch (insert?.Where)
        {
            case null or "last":
                array.Add(value);
                return true;
            case "first":
                array.Insert(0, value);
                return true;
        }
        var point = entryStep with { Keys = insert.PointKeys };
        var at = insert.PointKeys is null ? -1 : IndexOf(array, point);
        if (at < 0)
        {
            error = RestconfError.InvalidValue("The \"point\" query parameter does not identify an existing sibling entry.") with { Tag = "invalid-value" };
            return false;
        }
        array.Insert(insert.Where == "before" ? at : at + 1, value);
        return true;
    }

    /// <summary>RFC 8040 section 4.6.1 plain merge: objects merged member by member, list entries by key, leaf-lists by value.</summary>
    public static JsonNode Merge(SchemaNode? schema, JsonNode? target, JsonNode source)
    {
        if (target is JsonObject t && source is JsonObject s)
        {
            foreach (var (name, value) in s.ToList())
            {
                var child = (schema as InteriorNode)?.DataChildren.FirstOrDefault(c => c.Name == name[(name.IndexOf(':') + 1)..]);
                if (child is not null)
                {
                    RemoveOtherCases(child, t);
                }
                t[name] = Merge(child, t[name], value!.DeepClone());
            }
            return t;
        }
        // A leaf of type empty is the array [null]: replaced like any leaf, not merged like a leaf-list.
        if (target is JsonArray ta && source is JsonArray sa && schema is not LeafNode)
        {
            foreach (var item in sa)
            {
                MergeItem(schema, ta, item!.DeepClone());
            }
            return ta;
        }
        return source.DeepClone();
    }

    /// <summary>
    /// A node of one case of a choice replaces the nodes of its other cases (RFC 7950 section 7.9: creating a node of
    /// one case deletes the nodes of the others), at every choice level between it and its data parent.
    /// </summary>
    private static void RemoveOtherCases(SchemaNode child, JsonObject target)
    {
        for (var node = child; node.Parent is CaseNode { Parent: ChoiceNode choice } @case; node = choice)
        {
            var others = choice.Children.OfType<CaseNode>().Where(c => !ReferenceEquals(c, @case)).SelectMany(c => c.DataChildren).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var member in target.Select(m => m.Key).Where(k => others.Contains(k[(k.IndexOf(':') + 1)..])).ToList())
            {
                target.Remove(member);
            }
        }
    }

    private static void MergeItem(SchemaNode? schema, JsonArray target, JsonNode item)
    {
        if (schema is ListNode list && item is JsonObject entry && DataKeys.KeyValues(list, entry) is { } keys)
        {
            var i = IndexOf(target, new PathStep(list, list.Name, keys));
            if (i >= 0)
            {
                // Merging into an existing entry changes it in place (a JsonArray refuses to take a node it already holds).
                Merge(list, target[i], entry);
                return;
            }
        }
        else if (target.Any(v => DataKeys.Text(v) == DataKeys.Text(item)))
        {
            return;
        }
        target.Add(item);
    }
}

/// <summary>The <c>insert</c> and <c>point</c> query parameters (RFC 8040 sections 4.8.5, 4.8.6).</summary>
public sealed record InsertPosition(string Where, IReadOnlyList<string>? PointKeys);
