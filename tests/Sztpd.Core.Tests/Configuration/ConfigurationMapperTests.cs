using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;

namespace Sztpd.Core.Tests.Configuration;

/// <summary>The opiproject running configuration, as SZTPD deployments write it, read into the typed records.</summary>
public sealed class ConfigurationMapperTests : IClassFixture<OpiConfigurationFixture>
{
    private readonly OpiConfigurationFixture _opi;

    public ConfigurationMapperTests(OpiConfigurationFixture opi) => _opi = opi;

    [Fact]
    public void Map_OpiRunning_ReadsDeviceTypesBlocksAndStores()
    {
        var config = ConfigurationMapper.Map(_opi.Running());

        var type = Assert.Single(config.DeviceTypes.Values);
        Assert.Equal("my-device-type", type.Name);
        Assert.Equal(new TrustReference("my-device-identity-ca-certs", "my-device-identity-ca-cert-circa-2020"), type.IdentityCertificates);
        Assert.Null(type.SerialNumberRule);
        Assert.Equal("request", type.ConveyedInformationEncoding);
        var third = config.Blocks.OnboardingResponses["third-onboarding-information"];
        Assert.Equal(new OnboardingResponse("third-onboarding-information", "third-boot-image.img", "third-pre-configuration-script",
            "third-configuration", "third-post-configuration-script"), third);
        var image = config.Blocks.BootImages["third-boot-image.img"];
        Assert.Equal("ietf-sztp-conveyed-info:sha-256", Assert.Single(image.ImageVerification!).HashAlgorithm);
        Assert.NotNull(config.Keystore.Read(new KeystoreReference("sbi-server-end-entity-key", "sbi-server-end-entity-cert"), out var error));
        Assert.Null(error);
        Assert.Equal(3, config.Truststore.Bag("my-device-identity-ca-certs").Count);
    }

    [Fact]
    public void Map_SameObjectTwice_IsMappedOnce_ACopyAnew()
    {
        var running = _opi.Running();

        var first = ConfigurationMapper.Map(running);

        Assert.Same(first, ConfigurationMapper.Map(running));
        Assert.NotSame(first, ConfigurationMapper.Map((JsonObject)running.DeepClone()));
    }

    [Fact]
    public void Device_OpiRow_ReadsItsActivationCodeAndResponse()
    {
        var row = _opi.Running()["wn-sztpd-1:devices"]!["device"]![2]!.AsObject();

        var device = ConfigurationMapper.Device(row);

        Assert.Equal("third-serial-number", device.SerialNumber);
        Assert.Equal("my-device-type", device.DeviceType);
        Assert.Equal("$0$my-secret", device.ActivationCode);
        var response = Assert.Single(device.Responses);
        Assert.Empty(response.Matches);
        Assert.Equal(new ResponseReference(ResponseKind.OnboardingInformation, "third-onboarding-information"), response.Response);
    }

    [Fact]
    public void Keystore_UnknownCertificate_SaysWhich()
    {
        var config = ConfigurationMapper.Map(_opi.Running());

        Assert.Null(config.Keystore.Read(new KeystoreReference("sbi-server-end-entity-key", "nope"), out var error));
        Assert.Equal("The keystore has no certificate \"nope\" with a private key under asymmetric-key \"sbi-server-end-entity-key\".", error);
    }

    [Fact]
    public void Map_OpiRunning_ReadsListenersAdminsAndPreferences()
    {
        var config = ConfigurationMapper.Map(_opi.Running());

        Assert.Equal(
            [
                new ListenerEndpoint("default startup endpoint", "wn-app:native-interface", "127.0.0.1", 7080, null, null),
                new ListenerEndpoint("rfc8572-interface", "wn-sztpd-0:rfc8572-interface", "127.0.0.1", 9090,
                    new KeystoreReference("sbi-server-end-entity-key", "sbi-server-end-entity-cert"), "my-device-identity-ca-certs"),
            ],
            config.Listeners);
        var admin = Assert.Single(config.AdminAccounts);
        Assert.Equal(("my-admin@example.com", "unrestricted"), (admin.EmailAddress, admin.Access));
        Assert.Equal(new AuthenticationPreferences(0, 10), config.Authentication);
    }

    [Theory]
    [InlineData("cisco-ios-xe", "json", "SN:(?<sn>\\S+)", true, null)]
    [InlineData("arista-eos", "json", null, false, "verbose")]
    [InlineData("generic-rfc8572", "request", null, false, null)]
    [InlineData(null, "request", null, false, null)]
    public void ADeviceProfile_FillsTheLeavesTheTypeDoesNotSet(string? profile, string encoding, string? regex, bool sha1, string? reportingLevel)
    {
        var type = new JsonObject { ["name"] = "t" };
        if (profile is not null)
        {
            type["sztpd-ext:device-profile"] = profile;
        }

        var mapped = ConfigurationMapper.Map(new JsonObject { ["wn-sztpd-1:device-types"] = new JsonObject { ["device-type"] = new JsonArray(type) } }).DeviceTypes["t"];

        Assert.Equal(profile ?? "generic-rfc8572", mapped.Profile);
        Assert.Equal(encoding, mapped.ConveyedInformationEncoding);
        Assert.Equal(regex, mapped.SerialNumberRule?.Regex);
        Assert.Equal(sha1, mapped.AcceptSha1Signatures);
        Assert.Equal(reportingLevel, mapped.ReportingLevel);
    }

    [Fact]
    public void TheLeavesATypeSets_WinOverItsProfile()
    {
        var type = JsonNode.Parse("""
            {"name": "t", "sztpd-ext:device-profile": "cisco-ios-xe", "sztpd-ext:accept-sha1-signatures": false,
             "sztpd-ext:conveyed-information-encoding": "xml", "sztpd-ext:serial-number-regex": {"source": "subject", "regex": "CN=(.+)"}}
            """)!;

        var mapped = ConfigurationMapper.Map(new JsonObject { ["wn-sztpd-1:device-types"] = new JsonObject { ["device-type"] = new JsonArray(type) } }).DeviceTypes["t"];

        Assert.False(mapped.AcceptSha1Signatures);
        Assert.Equal("xml", mapped.ConveyedInformationEncoding);
        Assert.Equal(new SerialNumberRule("subject", "CN=(.+)"), mapped.SerialNumberRule);
    }

    [Theory]
    [InlineData("cisco-ios-xe", null, EmbeddedCertificates.Signer)]
    [InlineData("cisco-ios-xe", "none", EmbeddedCertificates.None)]
    [InlineData("generic-rfc8572", null, EmbeddedCertificates.None)]
    [InlineData("generic-rfc8572", "chain", EmbeddedCertificates.Chain)]
    public void SignedData_EmbedsWhatTheTypeSays_ElseWhatItsProfileSays(string profile, string? embed, EmbeddedCertificates expected)
    {
        var signed = JsonNode.Parse("""{"owner-certificate": {"asymmetric-key": "owner", "certificate": "owner-cert"}, "voucher-trust-anchors": "masa"}""")!.AsObject();
        if (embed is not null)
        {
            signed["embed-certificates"] = embed;
        }
        var type = new JsonObject { ["name"] = "t", ["sztpd-ext:device-profile"] = profile, ["sztpd-ext:signed-data"] = signed };

        var mapped = ConfigurationMapper.Map(new JsonObject { ["wn-sztpd-1:device-types"] = new JsonObject { ["device-type"] = new JsonArray(type) } }).DeviceTypes["t"];

        Assert.Equal(expected, mapped.SignedData!.Embed);
    }
}
