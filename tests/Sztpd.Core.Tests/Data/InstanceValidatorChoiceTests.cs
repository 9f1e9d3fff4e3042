using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Data.Validation;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Data;

/// <summary>RFC 7950 section 7.9: at most one case of a choice, one when mandatory, and mandatory nodes of the active case only.</summary>
public sealed class InstanceValidatorChoiceTests
{
    private static readonly SchemaContext Schema = Compile(Module("v", """
        container c {
          choice transport {
            mandatory true;
            case tcp { leaf tcp-port { type uint16; } leaf tcp-host { type string; mandatory true; } }
            case udp { container udp { leaf port { type uint16; } } }
          }
          choice short { leaf a { type string; } leaf b { type string; } }
          choice outer {
            case one { choice inner { case x { leaf x { type string; } } case y { leaf y { type string; } } } }
            case two { leaf z { type string; } }
          }
        }
        """));

    [Theory]
    [InlineData("""{"v:c": {"tcp-port": 1, "tcp-host": "h"}}""")]
    [InlineData("""{"v:c": {"udp": {}}}""")]
    [InlineData("""{"v:c": {"udp": {}, "a": "1", "y": "2"}}""")]
    public void Choice_OneCase_IsValid(string json)
    {
        Valid(Schema, json);
    }

    [Fact]
    public void Choice_NodesOfTwoCases_AreAnInvalidValueNamingBoth()
    {
        var error = SingleError(Schema, """{"v:c": {"tcp-port": 1, "tcp-host": "h", "udp": {}}}""");

        Assert.Equal(RestconfError.InvalidValue("Choice \"transport\" allows one case, but nodes of cases \"tcp\" and \"udp\" are present.", "/v:c"), error);
    }

    [Fact]
    public void Choice_ShorthandCases_AreNamedAfterTheirNode()
    {
        var error = SingleError(Schema, """{"v:c": {"udp": {}, "a": "1", "b": "2"}}""");

        Assert.Equal("Choice \"short\" allows one case, but nodes of cases \"a\" and \"b\" are present.", error.Message);
    }

    [Fact]
    public void Choice_NestedChoiceNode_MakesItsOuterCaseActive()
    {
        var error = SingleError(Schema, """{"v:c": {"udp": {}, "x": "1", "z": "2"}}""");

        Assert.Equal("Choice \"outer\" allows one case, but nodes of cases \"one\" and \"two\" are present.", error.Message);
    }

    [Fact]
    public void Choice_NestedChoice_AllowsOneCaseToo()
    {
        var error = SingleError(Schema, """{"v:c": {"udp": {}, "x": "1", "y": "2"}}""");

        Assert.Equal("Choice \"inner\" allows one case, but nodes of cases \"x\" and \"y\" are present.", error.Message);
    }

    [Fact]
    public void Choice_MandatoryWithNoCase_IsAMissingElement()
    {
        var error = SingleError(Schema, """{"v:c": {}}""");

        Assert.Equal(RestconfError.MissingElement("One of the cases of choice \"transport\" is required.", "/v:c"), error);
    }

    [Fact]
    public void Choice_MandatoryLeafOfTheActiveCase_IsRequired()
    {
        var error = SingleError(Schema, """{"v:c": {"tcp-port": 1}}""");

        Assert.Equal(RestconfError.MissingElement("The mandatory node \"tcp-host\" is missing.", "/v:c"), error);
    }
}
