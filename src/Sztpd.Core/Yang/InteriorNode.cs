namespace Sztpd.Core.Yang;

/// <summary>A schema node that has children: container, list, choice, case, rpc input/output, notification.</summary>
public abstract class InteriorNode : SchemaNode
{
    public List<SchemaNode> Children { get; } = [];

    /// <summary>Adds a child and sets its parent.</summary>
    public void Add(SchemaNode child)
    {
        child.Parent = this;
        Children.Add(child);
    }

    /// <summary>Data children, looking through choice and case nodes.</summary>
    public IEnumerable<SchemaNode> DataChildren
    {
        get
        {
            foreach (var c in Children)
            {
                if (c.IsDataNode)
                {
                    yield return c;
                }
                else if (c is InteriorNode i)
                {
                    foreach (var d in i.DataChildren)
                    {
                        yield return d;
                    }
                }
            }
        }
    }

    /// <summary>Finds a data child by name; <paramref name="module"/> null matches any module.</summary>
    public SchemaNode? FindDataChild(string? module, string name)
    {
        foreach (var c in DataChildren)
        {
            if (c.Name == name && (module is null || c.Module.Name == module))
            {
                return c;
            }
        }
        return null;
    }
}
