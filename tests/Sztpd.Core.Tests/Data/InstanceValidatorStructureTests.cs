using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Data.Validation;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Data;

/// <summary>Member names (RFC 7951 section 4), unknown and state members, and object shapes.</summary>
public sealed class InstanceValidatorStructureTests
{
    private static readonly SchemaContext Schema = Compile(
        Module("v", """
            container c {
              leaf name { type string; }
              leaf counter { type uint32; config false; }
              anydata blob;
              container inner { leaf note { type string; } }
            }
            """),
        Module("a", """
            import v { prefix v; }
            augment /v:c { container more { leaf deep { type string; } } }
            """));

    [Fact]
    public void Members_QualifiedWhereTheModuleChanges_AreKeptAsSent()
    {
        var output = Valid(Schema, """{"v:c": {"name": "n", "inner": {"note": "x"}, "a:more": {"deep": "d"}}}""");

        AssertJson("""{"v:c": {"name": "n", "inner": {"note": "x"}, "a:more": {"deep": "d"}}}""", output);
    }

    [Fact]
    public void Members_RedundantlyQualified_AreWrittenUnqualified()
    {
        var output = Valid(Schema, """{"v:c": {"v:name": "n", "a:more": {"a:deep": "d"}}}""");

        AssertJson("""{"v:c": {"name": "n", "a:more": {"deep": "d"}}}""", output);
    }

    [Fact]
    public void Members_TopLevelWithoutModule_IsAnUnknownElementAtTheRoot()
    {
        var error = SingleError(Schema, """{"c": {}}""");

        Assert.Equal(RestconfError.UnknownElement("The top-level node-identifier \"c\" must be prefixed by a namespace followed by a colon.", ""), error);
    }

    [Theory]
    [InlineData("""{"x:c": {}}""", "\"x:c\" is not a known child of the datastore root.", "", "{}")]
    [InlineData("""{"v:c": {"nope": 1}}""", "\"nope\" is not a known child of \"c\".", "/v:c", """{"v:c": {}}""")]
    [InlineData("""{"v:c": {"more": {}}}""", "\"more\" is not a known child of \"c\".", "/v:c", """{"v:c": {}}""")]
    [InlineData("""{"v:c": {"a:more": {"v:deep": "d"}}}""", "\"v:deep\" is not a known child of \"more\".", "/v:c/a:more", """{"v:c": {"a:more": {}}}""")]
    public void Members_Unknown_AreUnknownElementsAtTheirParentAndDropped(string json, string message, string path, string kept)
    {
        var (output, errors) = Run(Schema, json);

        Assert.Equal(RestconfError.UnknownElement(message, path), Assert.Single(errors));
        AssertJson(kept, output);
    }

    [Fact]
    public void Members_SameNodeTwice_IsAMalformedMessage()
    {
        var (output, errors) = Run(Schema, """{"v:c": {"name": "a", "v:name": "b"}}""");

        Assert.Equal(RestconfError.Malformed("The member \"v:name\" appears more than once in \"/v:c\"."), Assert.Single(errors));
        AssertJson("""{"v:c": {"name": "a"}}""", output);
    }

    [Fact]
    public void StateLeaf_InConfiguration_IsRefused()
    {
        var error = SingleError(Schema, """{"v:c": {"counter": 1}}""");

        Assert.Equal(RestconfError.UnknownElement("\"counter\" is state data (config false) and cannot be configured.", "/v:c"), error);
    }

    [Fact]
    public void StateLeaf_InStateData_IsAccepted()
    {
        var output = Valid(Schema, """{"v:c": {"counter": 1}}""", config: false);

        AssertJson("""{"v:c": {"counter": 1}}""", output);
    }

    [Theory]
    [InlineData("""{"v:c": 5}""", "\"c\" must be a JSON object.", "/v:c")]
    [InlineData("""{"v:c": {"inner": []}}""", "\"inner\" must be a JSON object.", "/v:c/inner")]
    public void Container_NotAnObject_IsAnInvalidValue(string json, string message, string path)
    {
        Assert.Equal(RestconfError.InvalidValue(message, path), SingleError(Schema, json));
    }

    [Fact]
    public void Anydata_AnyValue_IsKeptAsSent()
    {
        var output = Valid(Schema, """{"v:c": {"blob": {"x": [1, "two", null]}}}""");

        AssertJson("""{"v:c": {"blob": {"x": [1, "two", null]}}}""", output);
    }
}
