using static Sztpd.Core.Tests.Data.TypeSchema;
using static Sztpd.Core.Tests.Data.Validation;

namespace Sztpd.Core.Tests.Data;

/// <summary>RFC 7951 section 6.8: identityref values are stored module-qualified.</summary>
public sealed class InstanceValidatorIdentityTests
{
    [Theory]
    [InlineData("v:aes", "v:aes")]
    [InlineData("w:aes", "w:aes")]
    [InlineData("aes", "v:aes")]
    [InlineData("gcm", "w:gcm")]
    public void Identityref_DerivedIdentity_IsStoredWithItsModule(string value, string stored)
    {
        var output = Valid(Context, Document("id", $"\"{value}\""));

        Assert.Equal(stored, output["v:c"]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"v:crypto\"")]
    [InlineData("\"crypto\"")]
    [InlineData("\"v:gcm\"")]
    [InlineData("\"nope:aes\"")]
    [InlineData("\"rsa\"")]
    [InlineData("1")]
    public void Identityref_NotDerivedFromTheBase_IsRejectedListingTheChoices(string value)
    {
        var error = SingleError(Context, Document("id", value));

        var message = Assert.IsType<string>(error.Message);
        var start = $"Invalid value {value} for \"id\": must be an identity derived from v:crypto (one of: ";
        Assert.Equal(("invalid-value", "/v:c/id"), (error.Tag, error.Path));
        Assert.StartsWith(start, message, StringComparison.Ordinal);
        Assert.EndsWith(").", message, StringComparison.Ordinal);
        Assert.Equal(["v:aes", "v:des", "w:aes", "w:gcm"], message[start.Length..^2].Split(", ").Order(StringComparer.Ordinal));
    }
}
