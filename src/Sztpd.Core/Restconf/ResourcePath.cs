using Sztpd.Core.Yang;

namespace Sztpd.Core.Restconf;

/// <summary>One step of a RESTCONF data resource path (RFC 8040 section 3.5.3): a node and, for a list entry or leaf-list value, its keys.</summary>
public sealed record PathStep(SchemaNode Node, string MemberName, IReadOnlyList<string>? Keys)
{
    public bool IsListEntry => Node is ListNode && Keys is not null;

    public override string ToString() =>
        Keys is null ? MemberName : $"{MemberName}={string.Join(",", Keys.Select(Uri.EscapeDataString))}";
}

/// <summary>A parsed data resource path; empty for the datastore root.</summary>
public sealed record ResourcePath(IReadOnlyList<PathStep> Steps)
{
    public static ResourcePath Root { get; } = new([]);

    public bool IsRoot => Steps.Count == 0;

    public PathStep Last => Steps[^1];

    public ResourcePath Parent => new(Steps.Take(Steps.Count - 1).ToList());

    public ResourcePath Append(PathStep step) => new([.. Steps, step]);

    /// <summary>The path as RESTCONF writes it, e.g. <c>/wn-sztpd-1:devices/device=abc</c>.</summary>
    public override string ToString() => "/" + string.Join("/", Steps);
}
