using Sztpd.Core.Data;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Restconf;

/// <summary>Parses the api-path of RFC 8040 section 3.5.3 (percent-encoded, keys after '=' separated by ',').</summary>
public static class ResourcePathParser
{
    public static ResourcePath? Parse(SchemaContext schema, string rawPath, out RestconfError? error)
    {
        error = null;
        var steps = new List<PathStep>();
        InteriorNode? parent = null;
        foreach (var segment in rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (steps.Count > 0 && (parent is null || (steps[^1].Node is ListNode && steps[^1].Keys is null)))
            {
                error = RestconfError.InvalidValue(parent is null
                    ? $"\"{steps[^1].Node.Name}\" has no child nodes."
                    : $"The list \"{steps[^1].Node.Name}\" in the path needs its key values (\"{steps[^1].MemberName}=...\").");
                return null;
            }
            var step = ParseSegment(schema, parent, segment, out error);
            if (step is null)
            {
                return null;
            }
            steps.Add(step);
            parent = step.Node as InteriorNode;
        }
        return new ResourcePath(steps);
    }

    private static PathStep? ParseSegment(SchemaContext schema, InteriorNode? parent, string segment, out RestconfError? error)
    {
        error = null;
        var eq = segment.IndexOf('=', StringComparison.Ordinal);
        var identifier = Uri.UnescapeDataString(eq < 0 ? segment : segment[..eq]);
        if (parent is null && !identifier.Contains(':', StringComparison.Ordinal))
        {
            error = RestconfError.InvalidValue($"The top-level path segment \"{identifier}\" must be prefixed by a module name followed by a colon.");
            return null;
        }
        var node = schema.FindMember(parent, identifier);
        if (node is null)
        {
            var where = parent is null ? "the datastore root" : $"\"{parent.Name}\"";
            error = RestconfError.UnknownElement($"\"{identifier}\" is not a known child of {where}.") with { Status = 400 };
            return null;
        }
        var member = InstanceValidator.MemberName(parent, node);
        if (eq < 0)
        {
            return new PathStep(node, member, null);
        }
        var keys = segment[(eq + 1)..].Split(',').Select(Uri.UnescapeDataString).ToList();
        var expected = node switch
        {
            ListNode l => l.Keys.Count,
            LeafListNode => 1,
            _ => 0,
        };
        if (expected == 0 || keys.Count != expected)
        {
            error = RestconfError.InvalidValue(expected == 0
                ? $"\"{identifier}\" is not a list or leaf-list and takes no key value."
                : $"\"{identifier}\" takes {expected} key value(s), but {keys.Count} were given.");
            return null;
        }
        return new PathStep(node, member, keys);
    }
}
