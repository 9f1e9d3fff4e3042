using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Data.Validation;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Data;

/// <summary>RFC 7950 section 7.6.5: mandatory leaves, through non-presence containers but not presence containers.</summary>
public sealed class InstanceValidatorMandatoryTests
{
    private static readonly SchemaContext Schema = Compile(Module("v", """
        container c {
          leaf host { type string; mandatory true; }
          container settings { leaf level { type int8; mandatory true; } }
          container tls { presence "TLS is on"; leaf cert { type string; mandatory true; } }
          anydata extra { mandatory true; }
          leaf state { type string; config false; mandatory true; }
        }
        """));

    [Fact]
    public void Mandatory_AllPresent_IsValid()
    {
        Valid(Schema, """{"v:c": {"host": "h", "settings": {"level": 1}, "extra": {}}}""");
    }

    [Fact]
    public void Mandatory_MissingLeafAndAnydata_AreMissingElementsAtTheParent()
    {
        var (_, errors) = Run(Schema, """{"v:c": {"settings": {"level": 1}}}""");

        Assert.Equal(
            [
                RestconfError.MissingElement("The mandatory node \"host\" is missing.", "/v:c"),
                RestconfError.MissingElement("The mandatory node \"extra\" is missing.", "/v:c"),
            ],
            errors);
    }

    [Fact]
    public void Mandatory_InsideAnAbsentNonPresenceContainer_IsStillRequired()
    {
        var error = SingleError(Schema, """{"v:c": {"host": "h", "extra": {}}}""");

        Assert.Equal(RestconfError.MissingElement("The mandatory node \"level\" is missing.", "/v:c/settings"), error);
    }

    [Fact]
    public void Mandatory_InsideAPresenceContainer_IsRequiredOnlyWhenTheContainerIsPresent()
    {
        var error = SingleError(Schema, """{"v:c": {"host": "h", "settings": {"level": 1}, "extra": {}, "tls": {}}}""");

        Assert.Equal(RestconfError.MissingElement("The mandatory node \"cert\" is missing.", "/v:c/tls"), error);
    }

    [Fact]
    public void Mandatory_InAMergeBody_IsNotRequired()
    {
        Assert.Empty(Run(Schema, """{"v:c": {"tls": {}}}""", partial: true).Errors);
    }

    [Fact]
    public void Mandatory_InStateData_IsNotRequired()
    {
        Assert.Empty(Run(Schema, """{"v:c": {}}""", config: false).Errors);
    }
}
