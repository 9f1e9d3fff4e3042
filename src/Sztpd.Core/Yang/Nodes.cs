namespace Sztpd.Core.Yang;

/// <summary>RFC 7950 section 7.5.</summary>
public sealed class ContainerNode : InteriorNode
{
    public bool Presence { get; set; }
}

/// <summary>RFC 7950 section 7.8.</summary>
public sealed class ListNode : InteriorNode
{
    public List<string> Keys { get; } = [];

    /// <summary>Each unique statement as a list of descendant schema paths (relative, prefixes removed).</summary>
    public List<List<string>> Uniques { get; } = [];
    public int MinElements { get; set; }
    public int? MaxElements { get; set; }
    public bool OrderedByUser { get; set; }

    public IEnumerable<LeafNode> KeyLeaves => Keys.Select(k => (LeafNode)FindDataChild(null, k)!);
}

/// <summary>RFC 7950 section 7.6.</summary>
public sealed class LeafNode : SchemaNode
{
    public required YangType Type { get; set; }
    public bool Mandatory { get; set; }
    public string? Default { get; set; }
    public string? Units { get; set; }
    public bool IsKey => Parent is ListNode l && l.Keys.Contains(Name);
}

/// <summary>RFC 7950 section 7.7.</summary>
public sealed class LeafListNode : SchemaNode
{
    public required YangType Type { get; set; }
    public int MinElements { get; set; }
    public int? MaxElements { get; set; }
    public bool OrderedByUser { get; set; }
    public List<string> Defaults { get; } = [];
}

/// <summary>RFC 7950 section 7.9.</summary>
public sealed class ChoiceNode : InteriorNode
{
    public bool Mandatory { get; set; }
    public string? DefaultCase { get; set; }
    public override bool IsDataNode => false;
}

/// <summary>RFC 7950 section 7.9.2.</summary>
public sealed class CaseNode : InteriorNode
{
    public override bool IsDataNode => false;
}

/// <summary>anydata and anyxml (RFC 7950 sections 7.10, 7.11): any JSON value is accepted.</summary>
public sealed class AnyDataNode : SchemaNode
{
    public bool Mandatory { get; set; }
}

/// <summary>rpc and action (RFC 7950 sections 7.14, 7.15), with input and output containers.</summary>
public sealed class OperationNode : InteriorNode
{
    public bool IsAction { get; set; }
    public ContainerNode? Input => Children.OfType<ContainerNode>().FirstOrDefault(c => c.Name == "input");
    public ContainerNode? Output => Children.OfType<ContainerNode>().FirstOrDefault(c => c.Name == "output");
}

/// <summary>notification (RFC 7950 section 7.16).</summary>
public sealed class NotificationNode : InteriorNode
{
}
