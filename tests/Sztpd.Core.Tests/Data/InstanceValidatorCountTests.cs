using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Data.Validation;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Data;

/// <summary>RFC 7950 sections 7.7.5 and 7.7.6: min/max-elements of lists and leaf-lists, and unique leaf-list values in configuration.</summary>
public sealed class InstanceValidatorCountTests
{
    private static readonly SchemaContext Schema = Compile(Module("v", """
        container c {
          list server { key name; min-elements 1; max-elements 2; leaf name { type string; } }
          leaf-list dns { type string; max-elements 2; }
        }
        """));

    [Fact]
    public void MinElements_Unmet_IsTooFewElements()
    {
        var error = SingleError(Schema, """{"v:c": {}}""");

        Assert.Equal(
            RestconfError.MissingElement("\"server\" needs at least 1 element(s), but has 0.", "/v:c") with { AppTag = "too-few-elements" },
            error);
    }

    [Fact]
    public void MaxElements_Exceeded_IsTooManyElements()
    {
        var (_, errors) = Run(Schema, """{"v:c": {"server": [{"name": "a"}, {"name": "b"}, {"name": "c"}], "dns": ["x", "y", "z"]}}""");

        Assert.Equal(
            [
                RestconfError.InvalidValue("\"server\" allows at most 2 element(s), but has 3.", "/v:c") with { AppTag = "too-many-elements" },
                RestconfError.InvalidValue("\"dns\" allows at most 2 element(s), but has 3.", "/v:c") with { AppTag = "too-many-elements" },
            ],
            errors);
    }

    [Fact]
    public void ElementCounts_InAMergeBody_AreNotChecked()
    {
        Assert.Empty(Run(Schema, """{"v:c": {"dns": ["x", "y", "z"]}}""", partial: true).Errors);
    }

    [Fact]
    public void LeafList_DuplicateValueInConfiguration_IsAnInvalidValueAndDropped()
    {
        var (output, errors) = Run(Schema, """{"v:c": {"server": [{"name": "a"}], "dns": ["x", "x"]}}""");

        Assert.Equal(RestconfError.InvalidValue("Duplicate value \"x\" in leaf-list \"dns\".", "/v:c/dns"), Assert.Single(errors));
        AssertJson("""{"v:c": {"server": [{"name": "a"}], "dns": ["x"]}}""", output);
    }

    [Fact]
    public void LeafList_DuplicateValueInStateData_IsKept()
    {
        var output = Valid(Schema, """{"v:c": {"dns": ["x", "x"]}}""", config: false);

        AssertJson("""{"v:c": {"dns": ["x", "x"]}}""", output);
    }

    [Fact]
    public void LeafList_NotAnArray_IsAnInvalidValue()
    {
        var (_, errors) = Run(Schema, """{"v:c": {"server": [{"name": "a"}], "dns": "x"}}""");

        Assert.Equal(RestconfError.InvalidValue("\"dns\" must be a JSON array.", "/v:c/dns"), Assert.Single(errors));
    }
}
