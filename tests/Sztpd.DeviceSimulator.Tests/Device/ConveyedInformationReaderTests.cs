using System.Text;
using Sztpd.DeviceSimulator.Device;
using Sztpd.Pki.Cms;

namespace Sztpd.DeviceSimulator.Tests.Device;

/// <summary>RFC 8572 §6.3 conveyed information as the device reads it, JSON and XML.</summary>
public sealed class ConveyedInformationReaderTests
{
    private static ConveyedInformation Read(string text, ConveyedInformationEncoding encoding = ConveyedInformationEncoding.Json) =>
        ConveyedInformationReader.Read(Encoding.UTF8.GetBytes(text), encoding);

    [Fact]
    public void Redirect_WithoutPort_Uses443_AndBracketsIpv6()
    {
        var redirect = Assert.IsType<RedirectInformation>(Read("""
            {"ietf-sztp-conveyed-info:redirect-information": {"bootstrap-server": [{"address": "2001:db8::1"}, {"address": "sztp.example.com", "port": 8443}]}}
            """));

        Assert.Equal(new Uri("https://[2001:db8::1]:443"), redirect.BootstrapServers[0].Uri);
        Assert.Equal(new Uri("https://sztp.example.com:8443"), redirect.BootstrapServers[1].Uri);
        Assert.Null(redirect.BootstrapServers[0].TrustAnchor);
    }

    [Fact]
    public void Onboarding_InXml_IsReadThroughTheSchema()
    {
        var onboarding = Assert.IsType<OnboardingInformation>(Read("""
            <onboarding-information xmlns="urn:ietf:params:xml:ns:yang:ietf-sztp-conveyed-info">
              <boot-image>
                <os-name>os</os-name><os-version>2</os-version>
                <download-uri>https://images.example.com/os-2.img</download-uri>
                <image-verification><hash-algorithm>sha-256</hash-algorithm><hash-value>0a:ff</hash-value></image-verification>
              </boot-image>
              <configuration-handling>replace</configuration-handling>
              <configuration>PGNvbmZpZy8+</configuration>
            </onboarding-information>
            """, ConveyedInformationEncoding.Xml));

        Assert.Equal("2", onboarding.BootImage!.OsVersion);
        Assert.Equal(["https://images.example.com/os-2.img"], onboarding.BootImage.DownloadUris);
        Assert.Equal([0x0a, 0xff], onboarding.BootImage.Verifications[0].HashValue);
        Assert.Equal("replace", onboarding.ConfigurationHandling);
        Assert.Equal("<config/>", Encoding.UTF8.GetString(onboarding.Configuration!));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("{}", "empty")]
    [InlineData("""{"ietf-sztp-conveyed-info:redirect-information": {"bootstrap-server": []}}""", "no bootstrap server")]
    [InlineData("""{"ietf-sztp-conveyed-info:onboarding-information": {"configuration": "%%%"}}""", "not valid")]
    [InlineData("<redirect-information xmlns=\"urn:example:other\"/>", "does not fit the schema")]
    [InlineData("""{"ietf-sztp-conveyed-info:onboarding-information": {"boot-image": {"os-name": "x", "firmware": "y"}}}""", "JSON does not fit the schema")]
    [InlineData("""{"ietf-sztp-conveyed-info:redirect-information": {"bootstrap-server": [{"address": "a.example.com", "port": "https"}]}}""", "JSON does not fit the schema")]
    public void Malformed_IsAParsingFailure(string text, string reason)
    {
        var failure = Assert.Throws<BootstrapFailure>(() => Read(text, ConveyedInformationEncoding.Unspecified));

        Assert.Equal("parsing", failure.Kind);
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }
}
