using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;
using Sztpd.Core.Data;
using Sztpd.Core.Tests.Configuration;
using Sztpd.Testing;

namespace Sztpd.Core.Tests.Bootstrapping;

/// <summary>Conveyed information built from the opi building blocks is the bytes SZTPD 0.0.15 sends (compat section 3.3 step 5).</summary>
public sealed class ConveyedInformationBuilderTests : IClassFixture<OpiConfigurationFixture>
{
    private readonly OpiConfigurationFixture _opi;

    public ConveyedInformationBuilderTests(OpiConfigurationFixture opi) => _opi = opi;

    [Fact]
    public void Build_ThirdOnboarding_IsSztpdsJsonByteForByte()
    {
        var blocks = ConfigurationMapper.Map(_opi.Running()).Blocks;

        var (conveyed, details) = ConveyedInformationBuilder.Build(blocks, new ResponseReference(ResponseKind.OnboardingInformation, "third-onboarding-information"));

        Assert.Equal(TestData.OpiData("samples", "expected-third-conveyed-information.decoded.json").TrimEnd('\n'), PythonJson.Dumps(conveyed));
        Assert.Equal("third-onboarding-information", (string?)details["managed-response"]!["conveyed-information"]!["onboarding-information"]!["referenced-definition"]);
    }

    [Fact]
    public void Build_Redirect_ListsItsServersInOrder_Port443WhenAbsent()
    {
        var blocks = new ConveyedInformationBlocks
        {
            BootstrapServers = new Dictionary<string, BootstrapServer>
            {
                ["a"] = new("a", "a.example", 8443, "QUJD"),
                ["b"] = new("b", "b.example", null, null),
            },
            RedirectResponses = new Dictionary<string, IReadOnlyList<string>> { ["r"] = ["b", "missing", "a"] },
        };

        var (conveyed, _) = ConveyedInformationBuilder.Build(blocks, new ResponseReference(ResponseKind.RedirectInformation, "r"));

        Assert.Equal(
            """{"ietf-sztp-conveyed-info:redirect-information":{"bootstrap-server":[{"address":"b.example","port":443},{"address":"a.example","port":8443,"trust-anchor":"QUJD"}]}}""",
            conveyed.ToJsonString());
    }

}
