using Sztpd.Core.Restconf;
using static Sztpd.Core.Tests.Data.Validation;
using static Sztpd.Core.Tests.Data.XmlSchema;

namespace Sztpd.Core.Tests.Data;

/// <summary>RFC 7950 XML read into RFC 7951 JSON: value types, namespace prefixes, and the errors of unexpected elements.</summary>
public sealed class XmlCodecFromXmlTests
{
    [Fact]
    public void FromXml_Values_TakeTheirJsonTypes()
    {
        var (json, errors) = FromXml("""
            <top xmlns="urn:test:x"><count> 7 </count><big>12</big><ratio>2.50</ratio><enabled>false</enabled><marker>ignored</marker></top>
            """);

        Assert.Empty(errors);
        AssertJson("""{"count": 7, "big": "12", "ratio": "2.50", "enabled": false, "marker": [null]}""", json);
    }

    [Fact]
    public void FromXml_ValuesNotOfTheirType_AreKeptAsStringsForTheValidator()
    {
        var (json, _) = FromXml("""<top xmlns="urn:test:x"><count>many</count><enabled>yes</enabled></top>""");

        AssertJson("""{"count": "many", "enabled": "yes"}""", json);
    }

    [Fact]
    public void FromXml_IdentityrefPrefix_IsReplacedByItsModuleName()
    {
        var (json, _) = FromXml("""<top xmlns="urn:test:x"><kind xmlns:zz="urn:test:o">zz:other</kind></top>""");

        AssertJson("""{"kind": "o:other"}""", json);
    }

    [Fact]
    public void FromXml_IdentityrefWithUndeclaredPrefix_IsKeptAsWritten()
    {
        var (json, _) = FromXml("""<top xmlns="urn:test:x"><kind>zz:other</kind></top>""");

        AssertJson("""{"kind": "zz:other"}""", json);
    }

    [Fact]
    public void FromXml_AugmentedElementWithAnyPrefix_IsItsModulesMember()
    {
        var (json, _) = FromXml("""<t:top xmlns:t="urn:test:x" xmlns:p="urn:test:o"><p:extra>e</p:extra><t:name>n</t:name></t:top>""");

        AssertJson("""{"o:extra": "e", "name": "n"}""", json);
    }

    [Theory]
    [InlineData("""<top xmlns="urn:test:x"><nope>1</nope><name>n</name></top>""", "Unknown element \"nope\" in namespace \"urn:test:x\".")]
    [InlineData("""<top xmlns="urn:test:x"><name xmlns="urn:test:o">1</name><name>n</name></top>""", "Unknown element \"name\" in namespace \"urn:test:o\".")]
    [InlineData("""<top xmlns="urn:test:x"><name xmlns="">1</name><name>n</name></top>""", "Unknown element \"name\" in namespace \"\".")]
    public void FromXml_UnknownElement_IsAnUnknownElementAndTheRestIsRead(string xml, string message)
    {
        var (json, errors) = FromXml(xml);

        Assert.Equal(RestconfError.UnknownElement(message), Assert.Single(errors));
        AssertJson("""{"name": "n"}""", json);
    }

    [Fact]
    public void FromXml_LeafRepeated_IsAMalformedMessageAndTheFirstValueKept()
    {
        var (json, errors) = FromXml("""<top xmlns="urn:test:x"><name>a</name><name>b</name></top>""");

        Assert.Equal(RestconfError.Malformed("The element \"name\" appears more than once."), Assert.Single(errors));
        AssertJson("""{"name": "a"}""", json);
    }

    [Fact]
    public void FromXml_ErrorInsideAListEntry_IsReportedAndTheEntryKept()
    {
        var (json, errors) = FromXml("""<top xmlns="urn:test:x"><entry><id>a</id><bad/></entry></top>""");

        Assert.Equal("Unknown element \"bad\" in namespace \"urn:test:x\".", Assert.Single(errors).Message);
        AssertJson("""{"entry": [{"id": "a"}]}""", json);
    }
}
