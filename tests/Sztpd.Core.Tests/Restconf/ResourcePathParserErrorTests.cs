using Sztpd.Core.Restconf;
using static Sztpd.Core.Tests.Restconf.PathSchema;

namespace Sztpd.Core.Tests.Restconf;

/// <summary>RFC 8040 section 3.5.3: data resource identifiers the parser refuses, as the client's error reads.</summary>
public sealed class ResourcePathParserErrorTests
{
    [Fact]
    public void Parse_UnprefixedTopLevel_IsAnInvalidValue()
    {
        AssertError("/top", "application", "invalid-value",
            "The top-level path segment \"top\" must be prefixed by a module name followed by a colon.");
    }

    [Theory]
    [InlineData("/nope:top", "\"nope:top\" is not a known child of the datastore root.")]
    [InlineData("/lib:hidden", "\"lib:hidden\" is not a known child of the datastore root.")]
    [InlineData("/t:top/none", "\"none\" is not a known child of \"top\".")]
    [InlineData("/t:top/extra", "\"extra\" is not a known child of \"top\".")]
    [InlineData("/t:top/transport", "\"transport\" is not a known child of \"top\".")]
    [InlineData("/t:top/aug:box/t:inside", "\"t:inside\" is not a known child of \"box\".")]
    public void Parse_UnknownNode_IsAnUnknownElementWithStatus400(string raw, string message)
    {
        AssertError(raw, "protocol", "unknown-element", message);
    }

    [Theory]
    [InlineData("/t:top/item=x", "\"item\" takes 2 key value(s), but 1 were given.")]
    [InlineData("/t:top/item=x,1,2", "\"item\" takes 2 key value(s), but 3 were given.")]
    [InlineData("/t:top/one=a,b", "\"one\" takes 1 key value(s), but 2 were given.")]
    [InlineData("/t:top/tag=a,b", "\"tag\" takes 1 key value(s), but 2 were given.")]
    public void Parse_WrongNumberOfKeys_IsAnInvalidValue(string raw, string message)
    {
        AssertError(raw, "application", "invalid-value", message);
    }

    [Theory]
    [InlineData("/t:top=x", "\"t:top\" is not a list or leaf-list and takes no key value.")]
    [InlineData("/t:top/name=x", "\"name\" is not a list or leaf-list and takes no key value.")]
    public void Parse_KeyOnANodeThatIsNotAList_IsAnInvalidValue(string raw, string message)
    {
        AssertError(raw, "application", "invalid-value", message);
    }

    [Fact]
    public void Parse_ChildOfAListWithoutKeys_AsksForTheKeys()
    {
        AssertError("/t:top/item/detail", "application", "invalid-value",
            "The list \"item\" in the path needs its key values (\"item=...\").");
    }

    [Theory]
    [InlineData("/t:top/name/x", "\"name\" has no child nodes.")]
    [InlineData("/t:top/tag=a/x", "\"tag\" has no child nodes.")]
    public void Parse_ChildOfALeafOrLeafList_IsAnInvalidValue(string raw, string message)
    {
        AssertError(raw, "application", "invalid-value", message);
    }

    private static void AssertError(string raw, string type, string tag, string message)
    {
        var error = Error(raw);
        Assert.Equal(new RestconfError(400, type, tag, message), error);
    }
}
