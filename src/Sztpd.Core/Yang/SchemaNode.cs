namespace Sztpd.Core.Yang;

/// <summary>
/// A node of the compiled schema tree (RFC 7950 section 3 "schema node"). Groupings, uses,
/// augments and refines are already expanded: <see cref="Module"/> is the module whose namespace
/// the node belongs to (for a grouping used elsewhere: the module of the <c>uses</c>).
/// </summary>
public abstract class SchemaNode
{
    public required string Name { get; init; }
    public required YangModule Module { get; init; }
    public SchemaNode? Parent { get; set; }

    /// <summary>Effective <c>config</c> value (inherited from the parent when not stated).</summary>
    public bool Config { get; set; } = true;
    public string? Description { get; set; }
    public List<string> IfFeatures { get; } = [];
    public string? When { get; set; }
    public List<string> Musts { get; } = [];

    /// <summary>Unknown extension statements kept for tools, e.g. ("wn-sztpd-ext", "row-list", arg).</summary>
    public List<ExtensionUse> Extensions { get; } = [];

    /// <summary>True for nodes that appear in instance data (not choice or case).</summary>
    public virtual bool IsDataNode => true;

    /// <summary>Schema path such as <c>/wn-sztpd-1:devices/device</c> (module prefix only where it changes).</summary>
    public string Path
    {
        get
        {
            var parentPath = Parent?.Path ?? string.Empty;
            if (!IsDataNode)
            {
                return parentPath;
            }
            var qualify = Parent is null || DataParent is null || !ReferenceEquals(DataParent.Module, Module);
            return $"{parentPath}/{(qualify ? Module.Name + ":" : string.Empty)}{Name}";
        }
    }

    /// <summary>The nearest ancestor that is a data node (skipping choice and case).</summary>
    public SchemaNode? DataParent
    {
        get
        {
            var p = Parent;
            while (p is not null && !p.IsDataNode)
            {
                p = p.Parent;
            }
            return p;
        }
    }

    public override string ToString() => $"{GetType().Name} {Path}";
}

/// <summary>An extension statement as it appears on a schema node.</summary>
public sealed record ExtensionUse(string Module, string Name, string? Argument);
