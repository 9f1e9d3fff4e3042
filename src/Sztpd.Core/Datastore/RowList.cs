using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Datastore;

/// <summary>A list stored as one row per entry (architecture.md "Large lists are tables"), e.g. the devices.</summary>
public sealed class RowList
{
    public RowList(ListNode list)
    {
        List = list;
        Container = list.DataParent as ContainerNode
            ?? throw new ArgumentException("A row list must sit directly in a top-level container.", nameof(list));
        if (Container.DataParent is not null)
        {
            throw new ArgumentException("A row list's container must be top-level.", nameof(list));
        }
        if (list.Uniques.Count > 0 || list.MinElements > 0 || list.MaxElements is not null || list.OrderedByUser)
        {
            // Its entries are stored, checked and written one by one: nothing may constrain them together.
            throw new ArgumentException("A row list may have no unique, min-elements or max-elements statement and may not be ordered by the user.", nameof(list));
        }
        ContainerMember = $"{Container.Module.Name}:{Container.Name}";
        ListPath = list.Path;
    }

    public ListNode List { get; }
    public ContainerNode Container { get; }

    /// <summary>Qualified member name of the top-level container, e.g. <c>wn-sztpd-1:devices</c>.</summary>
    public string ContainerMember { get; }

    /// <summary>Schema path used as the store's list name, e.g. <c>/wn-sztpd-1:devices/device</c>.</summary>
    public string ListPath { get; }

    /// <summary>How a path relates to this list: the entry it addresses (Inside), an ancestor of the list (Above), or Unrelated.</summary>
    public RowRelation Relate(ResourcePath path)
    {
        if (path.IsRoot)
        {
            return RowRelation.Above;
        }
        if (!ReferenceEquals(path.Steps[0].Node, Container))
        {
            return RowRelation.Unrelated;
        }
        if (path.Steps.Count == 1)
        {
            return RowRelation.Above;
        }
        if (!ReferenceEquals(path.Steps[1].Node, List))
        {
            return RowRelation.Unrelated;
        }
        return path.Steps[1].Keys is null ? RowRelation.Above : RowRelation.Inside;
    }
}

public enum RowRelation
{
    Unrelated,
    Above,
    Inside,
}
