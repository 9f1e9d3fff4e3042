using System.Text.Json.Nodes;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;

namespace Sztpd.Core.Tests.Bootstrapping;

/// <summary>Which matched response a device gets (compat section 3.3 step 4): its own list first, then its device type's.</summary>
public sealed class ResponseSelectorTests
{
    private static readonly ResponseReference Onboarding = new(ResponseKind.OnboardingInformation, "o");

    private static DeviceIdentity Device(IReadOnlyList<MatchedResponse> own, IReadOnlyList<MatchedResponse>? type = null) =>
        new("SN-1", new Device { SerialNumber = "SN-1", Responses = own }, type is null ? null : new DeviceType { Name = "t", Responses = type });

    private static MatchedResponse Entry(string name, params MatchTest[] matches) => new(name, matches, Onboarding);

    private static JsonObject Input(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("""{"hw-model": "x-1"}""", "by-value")]
    [InlineData("""{"hw-model": "x-22"}""", "by-regex")]
    [InlineData("""{"hw-model": "y", "os-name": "z"}""", "present-os-name")]
    [InlineData("""{"hw-model": "y"}""", "not-os-name")]
    public void Select_FirstEntryWhoseMatchesAllHold(string input, string expected)
    {
        var device = Device([
            Entry("by-value", new MatchTest("hw-model", MatchKind.Value, "x-1", false)),
            Entry("by-regex", new MatchTest("hw-model", MatchKind.Regex, "^x-[0-9]+$", false)),
            Entry("present-os-name", new MatchTest("os-name", MatchKind.Present, null, false), new MatchTest("hw-model", MatchKind.Value, "y", false)),
            Entry("not-os-name", new MatchTest("os-name", MatchKind.Present, null, true))]);

        var selected = ResponseSelector.Select(device, Input(input));

        Assert.Null(selected.Error);
        Assert.Equal(expected, selected.Selected);
    }

    [Fact]
    public void Select_DeviceTypeEntries_ComeAfterTheDevicesOwn()
    {
        var device = Device([Entry("own", new MatchTest("hw-model", MatchKind.Value, "a", false))], [Entry("type-catch-all")]);

        Assert.Equal("type-catch-all", ResponseSelector.Select(device, Input("""{"hw-model": "b"}""")).Selected);
        Assert.Equal("own", ResponseSelector.Select(device, Input("""{"hw-model": "a"}""")).Selected);
    }

    [Fact]
    public void Select_ExplicitNone_NoMatch_NoResponses_Are404AsSztpdLogsThem()
    {
        var none = ResponseSelector.Select(Device([new MatchedResponse("quiet", [], new ResponseReference(ResponseKind.None))]), null);
        var noMatch = ResponseSelector.Select(Device([Entry("only-x", new MatchTest("hw-model", MatchKind.Value, "x", false))]), null);
        var nothing = ResponseSelector.Select(Device([]), null);

        Assert.Equal(("quiet (explicit 'none')", 404, "No matching responses configured."), (none.Selected, none.Error!.Status, none.Error.Message));
        Assert.Equal(("no-match-found", 404, "No matching responses configured."), (noMatch.Selected, noMatch.Error!.Status, noMatch.Error.Message));
        Assert.Equal(("no-responses-configured", 404, "No responses configured."), (nothing.Selected, nothing.Error!.Status, nothing.Error.Message));
    }
}
