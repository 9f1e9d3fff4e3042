using static Sztpd.Core.Tests.Data.Validation;
using static Sztpd.Core.Tests.Data.XmlSchema;

namespace Sztpd.Core.Tests.Data;

/// <summary>RFC 7950 XML encoding written from canonical RFC 7951 JSON, and read back to the same JSON.</summary>
public sealed class XmlCodecTests
{
    [Fact]
    public void ToXml_Leaves_AreElementsInTheModuleNamespace()
    {
        Assert.Equal(
            """<top xmlns="urn:test:x"><name>a &lt;b&gt;</name><count>5</count><big>-9</big><ratio>1.25</ratio><enabled>true</enabled></top>""",
            ToXml("""{"name": "a <b>", "count": 5, "big": "-9", "ratio": "1.25", "enabled": true}"""));
    }

    [Fact]
    public void ToXml_AugmentedLeaf_IsInItsOwnModulesNamespace()
    {
        Assert.Equal("""<top xmlns="urn:test:x"><extra xmlns="urn:test:o">e</extra></top>""", ToXml("""{"o:extra": "e"}"""));
    }

    [Fact]
    public void ToXml_EmptyLeaf_IsAnEmptyElement()
    {
        Assert.Equal("""<top xmlns="urn:test:x"><marker /></top>""", ToXml("""{"marker": [null]}"""));
    }

    [Fact]
    public void ToXml_Identityref_DeclaresThePrefixOfTheIdentitysModule()
    {
        Assert.Equal("""<top xmlns="urn:test:x"><kind xmlns:o="urn:test:o">o:other</kind></top>""", ToXml("""{"kind": "o:other"}"""));
    }

    [Fact]
    public void ToXml_ListAndLeafList_RepeatTheirElement()
    {
        Assert.Equal(
            """<top xmlns="urn:test:x"><tag>a</tag><tag>b</tag><entry><id>e1</id></entry><entry><id>e2</id><value>-3</value></entry></top>""",
            ToXml("""{"tag": ["a", "b"], "entry": [{"id": "e1"}, {"id": "e2", "value": -3}]}"""));
    }

    [Fact]
    public void ToXml_ListEntry_WritesItsKeysFirst()
    {
        Assert.Equal(
            """<top xmlns="urn:test:x"><entry><id>e</id><value>1</value></entry></top>""",
            ToXml("""{"entry": [{"value": 1, "id": "e"}]}"""));
    }

    [Fact]
    public void ToXml_UnknownMember_IsLeftOut()
    {
        Assert.Equal("""<top xmlns="urn:test:x"><name>n</name></top>""", ToXml("""{"nope": 1, "name": "n"}"""));
    }

    [Theory]
    [InlineData("""{"name": "n", "count": 4294967295, "big": "-9223372036854775808", "ratio": "-0.5", "enabled": false}""")]
    [InlineData("""{"marker": [null], "kind": "x:local", "o:extra": "e"}""")]
    [InlineData("""{"kind": "o:other", "tag": ["a", "a b"], "inner": {"note": "x"}}""")]
    [InlineData("""{"entry": [{"id": "e1", "value": 1}, {"id": "e2"}], "inner": {}}""")]
    public void RoundTrip_CanonicalJson_ComesBackUnchanged(string json)
    {
        var (back, errors) = FromXml(ToXml(json));

        Assert.Empty(errors);
        AssertJson(json, back);
    }
}
