using System.Text.Json.Nodes;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Tests.Data;

/// <summary>Runs the instance validator over a JSON document from the datastore root, as a full edit does.</summary>
internal static class Validation
{
    public static (JsonObject Output, List<RestconfError> Errors) Run(SchemaContext schema, string json, bool config = true, bool partial = false)
    {
        var validator = new InstanceValidator(schema, config) { Partial = partial };
        var output = validator.NormalizeObject(null, JsonNode.Parse(json)!.AsObject(), "");
        Assert.Equal(validator.Errors.Count == 0, validator.IsValid);
        return (output, validator.Errors);
    }

    /// <summary>The document validates without errors; returns its canonical form.</summary>
    public static JsonObject Valid(SchemaContext schema, string json, bool config = true)
    {
        var (output, errors) = Run(schema, json, config);
        Assert.Empty(errors);
        return output;
    }

    /// <summary>The document's one error.</summary>
    public static RestconfError SingleError(SchemaContext schema, string json, bool config = true, bool partial = false) =>
        Assert.Single(Run(schema, json, config, partial).Errors);

    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), actual?.ToJsonString());
}
