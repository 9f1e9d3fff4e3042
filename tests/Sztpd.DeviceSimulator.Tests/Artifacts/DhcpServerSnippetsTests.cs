using Sztpd.DeviceSimulator.Artifacts;

namespace Sztpd.DeviceSimulator.Tests.Artifacts;

public sealed class DhcpServerSnippetsTests
{
    private static readonly byte[] List = SztpRedirectOption.EncodeList(["https://sztp1.example.com"]);

    [Fact]
    public void IscDhcpd_DefinesOption143AndSetsColonHex()
    {
        var snippet = DhcpServerSnippets.IscDhcpd(List);

        Assert.Contains("option sztp-redirect code 143 = string;\n", snippet, StringComparison.Ordinal);
        Assert.Contains("option sztp-redirect 00:19:68:74:74:70:73:3a:2f:2f:73:7a:74:70:31:2e:65:78:61:6d:70:6c:65:2e:63:6f:6d;\n", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("RFC 3396", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void IscDhcpd_LongList_SaysDhcpdSplitsItAndKeepsOneStatement()
    {
        var list = SztpRedirectOption.EncodeList(Enumerable.Range(1, 10).Select(i => $"https://bootstrap-{i}.provisioning.example.com:8443"));

        var snippet = DhcpServerSnippets.IscDhcpd(list);

        Assert.Contains("RFC 3396", snippet, StringComparison.Ordinal);
        Assert.Single(snippet.Split('\n'), l => l.StartsWith("option sztp-redirect 00:", StringComparison.Ordinal));
    }

    [Fact]
    public void IscDhcpd6_DefinesOption136InTheDhcp6Space() =>
        Assert.Contains("option dhcp6.sztp-redirect code 136 = string;\noption dhcp6.sztp-redirect 00:19:68:", DhcpServerSnippets.IscDhcpd6(List), StringComparison.Ordinal);

    [Fact]
    public void Kea_OptionData_ByCodeAndSpaceWithUpperCaseHex()
    {
        Assert.Contains(
            "{ \"code\": 143, \"space\": \"dhcp4\", \"csv-format\": false, \"data\": \"00196874747073",
            DhcpServerSnippets.KeaDhcp4(List), StringComparison.Ordinal);
        Assert.Contains("v4-sztp-redirect", DhcpServerSnippets.KeaDhcp4(List), StringComparison.Ordinal);
        Assert.Contains(
            "{ \"code\": 136, \"space\": \"dhcp6\", \"csv-format\": false, \"data\": \"001968747470733A2F2F737A7470312E6578616D706C652E636F6D\" }",
            DhcpServerSnippets.KeaDhcp6(List), StringComparison.Ordinal);
    }
}
