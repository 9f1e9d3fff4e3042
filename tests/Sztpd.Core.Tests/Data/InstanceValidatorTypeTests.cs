using static Sztpd.Core.Tests.Data.TypeSchema;
using static Sztpd.Core.Tests.Data.Validation;

namespace Sztpd.Core.Tests.Data;

/// <summary>RFC 7951 section 6 leaf encodings that are accepted, and the canonical value each is stored as.</summary>
public sealed class InstanceValidatorTypeTests
{
    [Theory]
    [InlineData("i8", "-128", "-128")]
    [InlineData("i8", "127", "127")]
    [InlineData("u16", "100", "100")]
    [InlineData("u16", "200", "200")]
    [InlineData("i64", "\"-9223372036854775808\"", "\"-9223372036854775808\"")]
    [InlineData("i64", "42", "\"42\"")]
    [InlineData("u64", "\"18446744073709551615\"", "\"18446744073709551615\"")]
    [InlineData("s", "\"abcd\"", "\"abcd\"")]
    [InlineData("x-only", "\"xyz\"", "\"xyz\"")]
    [InlineData("e", "\"green\"", "\"green\"")]
    [InlineData("b", "false", "false")]
    [InlineData("flag", "[null]", "[null]")]
    [InlineData("un", "5", "5")]
    [InlineData("un", "\"unbounded\"", "\"unbounded\"")]
    [InlineData("d", "\"9.99\"", "\"9.99\"")]
    [InlineData("d", "\"-0\"", "\"0\"")]
    [InlineData("d", "1.5", "\"1.5\"")]
    [InlineData("bin", "\"AQIDBA==\"", "\"AQIDBA==\"")]
    [InlineData("bits", "\"b a\"", "\"b a\"")]
    public void Leaf_ValidValue_IsStoredInCanonicalForm(string leaf, string value, string canonical)
    {
        var output = Valid(Context, Document(leaf, value));

        AssertJson(canonical, output["v:c"]![leaf]);
    }

    [Fact]
    public void Leaf_StringLength_CountsCharactersNotUtf16Units()
    {
        Valid(Context, Document("short", "\"x\\uD83D\\uDE00\""));

        var error = SingleError(Context, Document("short", "\"x\\uD83D\\uDE00\\uD83D\\uDE00\""));

        Assert.EndsWith("has length 3, outside the allowed length 1..2.", error.Message, StringComparison.Ordinal);
    }
}
