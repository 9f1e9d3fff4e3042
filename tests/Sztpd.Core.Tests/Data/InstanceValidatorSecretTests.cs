using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Data.Validation;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Data;

/// <summary>An invalid value of a secret leaf is not repeated in its error; the error names the leaf.</summary>
public sealed class InstanceValidatorSecretTests
{
    private static readonly SchemaContext Schema = Compile(
        [Module("v", """
            import ietf-netconf-acm { prefix nacm; }
            import iana-crypt-hash { prefix ianach; }
            container c {
              leaf pin { nacm:default-deny-all; type string { pattern "[0-9]+"; } }
              leaf password { type ianach:crypt-hash; }
              leaf cleartext-private-key { type binary; }
              leaf note { type string { pattern "[0-9]+"; } }
            }
            """)],
        ["ietf-netconf-acm", "ietf-yang-types", "iana-crypt-hash"]);

    [Theory]
    [InlineData("pin", "\"s3cret-pin\"", "does not match the pattern '[0-9]+' of type string")]
    [InlineData("password", "\"s3cret-password\"", "does not match the pattern")]
    [InlineData("cleartext-private-key", "\"s3cret-k!y\"", "is not valid base64")]
    public void SecretLeaf_InvalidValue_IsNotRepeated(string leaf, string value, string reason)
    {
        var error = SingleError(Schema, "{\"v:c\": {\"" + leaf + "\": " + value + "}}");

        Assert.StartsWith($"Invalid value for \"{leaf}\": {reason}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }
}
