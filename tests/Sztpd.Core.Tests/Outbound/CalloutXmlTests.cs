using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Limits;
using Sztpd.Core.Outbound;

namespace Sztpd.Core.Tests.Outbound;

/// <summary><see cref="CalloutXml"/>: a webhook's XML request body, and its XML answers read as JSON.</summary>
public sealed class CalloutXmlTests
{
    [Fact]
    public void Body_QualifiedMembersTakeTheirNamespace_ArraysRepeat_AndEmptyIsEmpty()
    {
        var body = JsonNode.Parse("""
            {"wn-sztpd-rpcs:input": {"tenant": "not-applicable", "serial-number": ["A", "B"],
             "from-device": {"ietf-sztp-bootstrap-server:input": {"signed-data-preferred": [null], "nonce": "AQI="}}}}
            """)!.AsObject();

        Assert.Equal("""<input xmlns="urn:sztpd:yang:wn-sztpd-rpcs"><tenant>not-applicable</tenant><serial-number>A</serial-number><serial-number>B</serial-number>"""
            + """<from-device><input xmlns="urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server"><signed-data-preferred /><nonce>AQI=</nonce></input></from-device></input>""",
            CalloutXml.Body(body));
    }

    [Fact]
    public void Answer_OwnershipOutput_WithOneResult_IsAList()
    {
        var answer = CalloutXml.Answer("""
            <output xmlns="urn:sztpd:yang:wn-sztpd-rpcs"><verification-results><verification-result>
              <serial-number>A</serial-number><result>success</result></verification-result></verification-results></output>
            """, DynamicCallout.VerifyDeviceOwnership, InputLimits.Default);

        Assert.Equal("""{"wn-sztpd-rpcs:output":{"verification-results":{"verification-result":[{"serial-number":"A","result":"success"}]}}}""", answer!.ToJsonString());
    }

    [Fact]
    public void Answer_ThatIsNotXml_OrHasADtd_IsNull()
    {
        Assert.Null(CalloutXml.Answer("<unclosed>", DynamicCallout.VerifyDeviceOwnership, InputLimits.Default));
        Assert.Null(CalloutXml.Answer("""<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>""", DynamicCallout.VerifyDeviceOwnership, InputLimits.Default));
    }
}
