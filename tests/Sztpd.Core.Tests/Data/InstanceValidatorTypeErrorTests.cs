using Sztpd.Core.Restconf;
using static Sztpd.Core.Tests.Data.TypeSchema;
using static Sztpd.Core.Tests.Data.Validation;

namespace Sztpd.Core.Tests.Data;

/// <summary>Leaf values of the wrong type or outside their restrictions: one invalid-value error at the leaf's path, naming value and reason.</summary>
public sealed class InstanceValidatorTypeErrorTests
{
    [Theory]
    [InlineData("i8", "128", "value 128 is outside the range -128..127")]
    [InlineData("i8", "\"5\"", "must be an integer number")]
    [InlineData("i8", "1.5", "must be an integer number")]
    [InlineData("i8", "null", "must be an integer number")]
    [InlineData("u16", "0", "value 0 is outside the range 1..100|200")]
    [InlineData("u16", "150", "value 150 is outside the range 1..100|200")]
    [InlineData("i64", "\"9223372036854775808\"", "value 9223372036854775808 is outside the range -9223372036854775808..9223372036854775807")]
    [InlineData("i64", "\"ten\"", "must be an integer (as a string or number)")]
    [InlineData("u64", "\"-1\"", "value -1 is outside the range 0..18446744073709551615")]
    [InlineData("i8", "100000000000000000000000000000000", "value 100000000000000000000000000000000 is outside the range -128..127")]
    [InlineData("u64", "\"-100000000000000000000000000000000\"", "value -100000000000000000000000000000000 is outside the range 0..18446744073709551615")]
    public void Leaf_BadInteger_IsRejected(string leaf, string value, string reason)
    {
        AssertInvalid(leaf, value, reason);
    }

    [Theory]
    [InlineData("s", "\"a\"", "has length 1, outside the allowed length 2..4")]
    [InlineData("s", "\"abcde\"", "has length 5, outside the allowed length 2..4")]
    [InlineData("s", "\"AB\"", "does not match the pattern '[a-z]+' of type string")]
    [InlineData("s", "12", "must be a string")]
    [InlineData("x-only", "\"yes\"", "must start with x")]
    [InlineData("e", "\"blue\"", "must be one of: red, green")]
    [InlineData("e", "0", "must be one of: red, green")]
    [InlineData("b", "\"true\"", "must be true or false")]
    [InlineData("b", "1", "must be true or false")]
    [InlineData("bits", "\"a c\"", "must be a space-separated set of: a, b")]
    public void Leaf_BadStringEnumerationBooleanOrBits_IsRejected(string leaf, string value, string reason)
    {
        AssertInvalid(leaf, value, reason);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("true")]
    [InlineData("\"\"")]
    public void Leaf_EmptyTypeNotNullInAnArray_IsRejected(string value)
    {
        AssertInvalid("flag", value, "must be [null] (type empty)");
    }

    [Theory]
    [InlineData("d", "\"1.234\"", "must be a decimal number with at most 2 fraction digits")]
    [InlineData("d", "\"1e1\"", "must be a decimal number with at most 2 fraction digits")]
    [InlineData("d", "true", "must be a decimal number with at most 2 fraction digits")]
    [InlineData("d", "\"10.01\"", "value 10.01 is outside the range 0..10")]
    [InlineData("bin", "\"not base64!\"", "is not valid base64")]
    [InlineData("bin", "\"AQIDBAU=\"", "decodes to 5 bytes, outside the allowed length 1..4")]
    [InlineData("bin", "5", "must be a base64 string")]
    [InlineData("un", "\"5\"", "matches none of the types of the union union")]
    [InlineData("un", "\"bounded\"", "matches none of the types of the union union")]
    public void Leaf_BadDecimalBinaryOrUnion_IsRejected(string leaf, string value, string reason)
    {
        AssertInvalid(leaf, value, reason);
    }

    [Fact]
    public void Leaf_LongBadValue_IsShortenedInTheMessage()
    {
        var value = new string('q', 100);

        var error = SingleError(Context, Document("e", $"\"{value}\""));

        Assert.Equal($"Invalid value \"{value[..36]}... for \"e\": must be one of: red, green.", error.Message);
    }

    [Fact]
    public void Leaf_SeveralBadValues_AreAllReported()
    {
        var (output, errors) = Run(Context, """{"v:c": {"i8": 500, "b": "no", "e": "red"}}""");

        Assert.Equal(["/v:c/i8", "/v:c/b"], errors.Select(e => e.Path));
        AssertJson("""{"v:c": {"e": "red"}}""", output);
    }

    private static void AssertInvalid(string leaf, string value, string reason)
    {
        var error = SingleError(Context, Document(leaf, value));

        Assert.Equal(RestconfError.InvalidValue($"Invalid value {value} for \"{leaf}\": {reason}.", $"/v:c/{leaf}"), error);
    }
}
