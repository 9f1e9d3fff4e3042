using Sztpd.Core.Datastore;
using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Datastore;

/// <summary>A row list's entries are checked and written one by one, so nothing in its schema may constrain them together.</summary>
public sealed class RowListTests
{
    private static readonly SchemaContext Schema = Compile(Module("v", """
        container plain { list row { key name; leaf name { type string; } } }
        container unique { list row { key name; unique "port"; leaf name { type string; } leaf port { type uint16; } } }
        container counted { list row { key name; max-elements 10; leaf name { type string; } } }
        container ordered { list row { key name; ordered-by user; leaf name { type string; } } }
        """));

    private static ListNode Row(string container) => (ListNode)((ContainerNode)Schema.FindTopLevel("v", container)!).FindDataChild("v", "row")!;

    [Fact]
    public void AListWithoutConstraintsOverItsEntries_IsARowList() =>
        Assert.Equal("v:plain", new RowList(Row("plain")).ContainerMember);

    [Theory]
    [InlineData("unique")]
    [InlineData("counted")]
    [InlineData("ordered")]
    public void AListWhoseEntriesAreConstrainedTogether_IsRefused(string container) =>
        Assert.Contains("may have no unique, min-elements or max-elements", Assert.Throws<ArgumentException>(() => new RowList(Row(container))).Message);
}
