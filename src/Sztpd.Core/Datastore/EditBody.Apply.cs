using System.Text.Json.Nodes;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Datastore;

internal sealed partial class EditBody
{
    /// <summary>Normalizes the body's value for <paramref name="child"/>; list entries come as a one-entry array.</summary>
    private static EditBody ForChild(EditRequest r, SchemaNode child, JsonNode? raw, InstanceValidator validator)
    {
        var path = r.Method == EditMethod.Post ? r.Path : r.Path.Parent;
        var member = InstanceValidator.MemberName(path.IsRoot ? null : path.Last.Node as InteriorNode, child);
        var childPath = $"{(path.IsRoot ? "" : path.ToString())}/{member}";
        EditBody Fail(RestconfError e) => new() { Method = r.Method, Target = r.Path, Error = e };
        if (child is ListNode or LeafListNode)
        {
            if (raw is not JsonArray { Count: 1 } one)
            {
                return Fail(RestconfError.Malformed($"The value of \"{child.Name}\" must be an array with exactly one entry."));
            }
            JsonNode? value = child is ListNode list
                ? validator.NormalizeEntry(list, one[0], childPath)
                : validator.NormalizeValue(child, one, childPath) is JsonArray { Count: 1 } a ? a[0]!.DeepClone() : null;
            if (value is null || validator.Errors.Count > 0)
            {
                return new() { Method = r.Method, Target = r.Path, Errors = validator.Errors };
            }
            var keys = child is ListNode l ? DataKeys.KeyValues(l, (JsonObject)value)! : [DataKeys.Text(value)!];
            if (r.Method != EditMethod.Post && !keys.SequenceEqual(r.Path.Last.Keys!, StringComparer.Ordinal))
            {
                return Fail(RestconfError.InvalidValue($"The key in the body ({string.Join(",", keys)}) does not match the key in the URI ({string.Join(",", r.Path.Last.Keys!)})."));
            }
            var target = r.Method == EditMethod.Post ? path.Append(new PathStep(child, member, keys)) : r.Path;
            return new() { Method = r.Method, Target = target, Value = value, Insert = r.Insert };
        }
        var normalized = validator.NormalizeValue(child, raw, childPath);
        if (normalized is null || validator.Errors.Count > 0)
        {
            return new() { Method = r.Method, Target = r.Path, Errors = validator.Errors };
        }
        var t = r.Method == EditMethod.Post ? path.Append(new PathStep(child, member, null)) : r.Path;
        return new() { Method = r.Method, Target = t, Value = normalized, Rows = validator.Deferred };
    }

    /// <summary>Applies the edit to <paramref name="doc"/> in place.</summary>
    public RestconfError? ApplyTo(JsonObject doc, out bool created, bool treatAsExisting = false)
    {
        created = false;
        var steps = Target.Steps;
        if (Target.IsRoot)
        {
            if (Method == EditMethod.Patch)
            {
                // Each top-level member merged by its schema node, so that list entries merge by key.
                foreach (var (name, member) in ((JsonObject)Value!).ToList())
                {
                    var colon = name.IndexOf(':', StringComparison.Ordinal);
                    doc[name] = Tree.Merge(Schema?.FindTopLevel(name[..colon], name[(colon + 1)..]), doc[name], member!.DeepClone());
                }
                return null;
            }
            doc.Clear();
            foreach (var (k, v) in (Value as JsonObject ?? []).ToList())
            {
                doc[k] = v!.DeepClone();
            }
            return null;
        }
        var existing = Tree.Find(doc, steps);
        switch (Method)
        {
            case EditMethod.Post when existing is not null || treatAsExisting:
                return RestconfError.DataExists($"Child data node ({Target}) already exists.", Target.ToString());
            case EditMethod.Delete:
                return Tree.Remove(doc, steps) || treatAsExisting ? null
                    : new RestconfError(404, "protocol", "data-missing", $"The resource \"{Target}\" does not exist.", Target.ToString());
            case EditMethod.Patch when existing is null && !treatAsExisting:
                return new RestconfError(404, "protocol", "invalid-value", $"The resource \"{Target}\" does not exist, so it cannot be merged into.", Target.ToString());
        }
        var value = Method == EditMethod.Patch && existing is not null
            ? Tree.Merge(Target.Last.Node, existing.DeepClone(), Value!)
            : Value!.DeepClone();
        var result = Tree.Set(doc, steps, value, Insert, out var error);
        created = result == true && !treatAsExisting;
        return error;
    }

    /// <summary>Takes the row-list entries (<see cref="Rows"/>) out of the body, as a queue that releases each once taken.</summary>
    public Queue<JsonObject> ExtractRows()
    {
        if (Rows is null)
        {
            return [];
        }
        // The entries leave the array as they are (no copy): cleared, it is no longer their parent.
        var entries = new Queue<JsonObject>(Rows.Entries.Count);
        foreach (var entry in Rows.Entries)
        {
            entries.Enqueue(entry as JsonObject ?? throw new InvalidOperationException("A row-list entry is not an object."));
        }
        Rows.Entries.Clear();
        // Nor does the edit hold them any more: the parsed body goes once its last entry is written.
        Rows = null;
        return entries;
    }
}
