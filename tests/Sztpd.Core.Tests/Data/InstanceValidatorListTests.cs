using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Data.Validation;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Data;

/// <summary>RFC 7950 section 7.8: list entries need their keys, and keys and unique leaves differ between entries.</summary>
public sealed class InstanceValidatorListTests
{
    private static readonly SchemaContext Schema = Compile(Module("v", """
        container c {
          list item { key name; unique "port"; leaf name { type string; } leaf port { type uint16; } }
          list pair { key "a b"; leaf a { type string; } leaf b { type string; } }
        }
        """));

    [Fact]
    public void List_EntriesWithKeys_AreKeptInOrder()
    {
        var output = Valid(Schema, """{"v:c": {"item": [{"port": 2, "name": "b"}, {"v:name": "a"}]}}""");

        AssertJson("""{"v:c": {"item": [{"port": 2, "name": "b"}, {"name": "a"}]}}""", output);
    }

    [Fact]
    public void List_EntryWithoutItsKey_IsAMissingElementAndDropped()
    {
        var (output, errors) = Run(Schema, """{"v:c": {"pair": [{"a": "x"}, {"a": "y", "b": "z"}]}}""");

        Assert.Equal(RestconfError.MissingElement("A \"pair\" entry is missing its key \"b\".", "/v:c/pair"), Assert.Single(errors));
        AssertJson("""{"v:c": {"pair": [{"a": "y", "b": "z"}]}}""", output);
    }

    [Fact]
    public void List_DuplicateKey_IsAnInvalidValueAndTheFirstEntryKept()
    {
        var (output, errors) = Run(Schema, """{"v:c": {"item": [{"name": "a", "port": 1}, {"name": "a", "port": 2}]}}""");

        Assert.Equal(new RestconfError(400, "application", "invalid-value", "Duplicate \"item\" entry with key \"a\".", "/v:c/item"), Assert.Single(errors));
        AssertJson("""{"v:c": {"item": [{"name": "a", "port": 1}]}}""", output);
    }

    [Fact]
    public void List_DuplicateCompositeKey_IsAnInvalidValue()
    {
        var error = SingleError(Schema, """{"v:c": {"pair": [{"a": "x", "b": "y"}, {"b": "y", "a": "x"}]}}""");

        Assert.Equal("Duplicate \"pair\" entry with key \"x,y\".", error.Message);
    }

    [Fact]
    public void List_CompositeKeysThatJoinToTheSameText_AreDifferentEntries()
    {
        var output = Valid(Schema, """{"v:c": {"pair": [{"a": "x,y", "b": "z"}, {"a": "x", "b": "y,z"}]}}""");

        Assert.Equal(2, output["v:c"]!["pair"]!.AsArray().Count);
    }

    [Fact]
    public void List_UniqueLeafRepeated_IsDataNotUnique()
    {
        var error = SingleError(Schema, """{"v:c": {"item": [{"name": "a", "port": 80}, {"name": "b", "port": 80}, {"name": "c"}]}}""");

        Assert.Equal(
            RestconfError.InvalidValue("The \"item\" entries must have unique values of port; 80 appears twice.", "/v:c/item") with { AppTag = "data-not-unique" },
            error);
    }

    [Theory]
    [InlineData("""{"v:c": {"item": {"name": "a"}}}""", "\"item\" must be a JSON array of entries.")]
    [InlineData("""{"v:c": {"item": ["a"]}}""", "Each \"item\" entry must be a JSON object.")]
    public void List_NotAnArrayOfObjects_IsAnInvalidValue(string json, string message)
    {
        Assert.Equal(RestconfError.InvalidValue(message, "/v:c/item"), SingleError(Schema, json));
    }
}
