using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Restconf.PathSchema;

namespace Sztpd.Core.Tests.Restconf;

/// <summary>RFC 8040 section 3.5.3: data resource identifiers that resolve.</summary>
public sealed class ResourcePathParserTests
{
    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public void Parse_EmptyPath_IsTheDatastoreRoot(string raw)
    {
        var path = Parse(raw);

        Assert.True(path.IsRoot);
        Assert.Equal("/", path.ToString());
    }

    [Fact]
    public void Parse_ModuleQualifiedTopLevel_ResolvesTheContainer()
    {
        var step = Assert.Single(Parse("/t:top").Steps);

        Assert.IsType<ContainerNode>(step.Node);
        Assert.Equal("t:top", step.MemberName);
        Assert.Null(step.Keys);
    }

    [Fact]
    public void Parse_UnprefixedChild_InheritsTheParentModule()
    {
        var path = Parse("/t:top/name");

        Assert.Equal("name", Assert.IsType<LeafNode>(path.Last.Node).Name);
        Assert.Equal("/t:top/name", path.ToString());
    }

    [Fact]
    public void Parse_ChildPrefixedWithItsParentsModule_IsWrittenUnprefixed()
    {
        Assert.Equal("/t:top/name", Parse("/t:top/t:name").ToString());
    }

    [Fact]
    public void Parse_AugmentedChild_KeepsItsModuleAndPassesItToItsChildren()
    {
        var path = Parse("/t:top/aug:box/inside");

        Assert.Equal(["t:top", "aug:box", "inside"], path.Steps.Select(s => s.MemberName));
        Assert.Equal("aug", path.Last.Node.Module.Name);
    }

    [Fact]
    public void Parse_NodeInsideAChoice_IsAddressedWithoutTheChoiceAndCase()
    {
        Assert.Equal("port", Parse("/t:top/port").Last.Node.Name);
    }

    [Fact]
    public void Parse_ListWithTwoKeys_KeepsTheKeyValuesInOrder()
    {
        var step = Parse("/t:top/item=x,5").Last;

        Assert.True(step.IsListEntry);
        Assert.Equal(["x", "5"], step.Keys);
    }

    [Fact]
    public void Parse_PercentEncodedKeyValues_AreDecodedAfterSplitting()
    {
        var path = Parse("/t:top/item=a%2Cb%2Fc%3Dd,7/detail/note");

        Assert.Equal(["a,b/c=d", "7"], path.Steps[1].Keys);
        Assert.Equal("note", path.Last.Node.Name);
        Assert.Equal("/t:top/item=a%2Cb%2Fc%3Dd,7/detail/note", path.ToString());
    }

    [Fact]
    public void Parse_KeyValueWithUnencodedEquals_KeepsEverythingAfterTheFirstEquals()
    {
        Assert.Equal(["a=b"], Parse("/t:top/one=a=b").Last.Keys);
    }

    [Fact]
    public void Parse_EmptyKeyValues_AreEmptyStrings()
    {
        Assert.Equal([""], Parse("/t:top/one=").Last.Keys);
        Assert.Equal(["", ""], Parse("/t:top/item=,").Last.Keys);
    }

    [Fact]
    public void Parse_LeafListValue_IsOneKeyButNotAListEntry()
    {
        var step = Parse("/t:top/tag=red%20one").Last;

        Assert.Equal(["red one"], step.Keys);
        Assert.False(step.IsListEntry);
    }

    [Fact]
    public void Parse_ListWithoutKeys_AddressesTheWholeList()
    {
        var step = Parse("/t:top/item").Last;

        Assert.IsType<ListNode>(step.Node);
        Assert.False(step.IsListEntry);
    }

    [Theory]
    [InlineData("/t:top/name/")]
    [InlineData("//t:top//name")]
    [InlineData("t:top/name")]
    public void Parse_ExtraOrMissingSlashes_AreIgnored(string raw)
    {
        Assert.Equal("/t:top/name", Parse(raw).ToString());
    }

    [Fact]
    public void Parse_PercentEncodedIdentifier_IsDecoded()
    {
        Assert.Equal("/t:top/name", Parse("/t%3Atop/name").ToString());
    }

    [Fact]
    public void Parent_OfAListEntryChild_IsTheEntry()
    {
        var path = Parse("/t:top/one=k/id");

        Assert.Equal("/t:top/one=k", path.Parent.ToString());
        Assert.Equal("/t:top/one=k/id", path.Parent.Append(path.Last).ToString());
    }
}
