using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Device;
using Sztpd.EndToEnd.Tests.Infrastructure;
using Sztpd.Pki.Cms;

namespace Sztpd.EndToEnd.Tests.Bootstrap;

/// <summary>RFC 8572 §5.5: redirect information from one sztpd to another, with and without a usable trust anchor.</summary>
public sealed class RedirectTests
{
    /// <summary>
    /// Starts the onboarding server (its own demo PKI) and a redirecting server that knows the onboarding server's devices
    /// and redirects them there with the onboarder's server CA as trust anchor, or (not <paramref name="correctAnchor"/>) its own.
    /// </summary>
    private static async Task<(DemoServer Redirecter, DemoServer Onboarder)> StartAsync(bool correctAnchor = true)
    {
        var onboarder = await DemoServer.StartAsync(devices: 2);
        var onboarderFiles = new DemoServerFiles(onboarder.Dir.Path);
        var redirecter = await DemoServer.StartAsync(devices: 2, edit: (config, files) =>
        {
            var bag = config["wn-sztpd-1:truststore"]!["certificate-bags"]!["certificate-bag"]![0]!;
            bag["certificate"]![0]!["cert-data"] = Cms(onboarderFiles, "manufacturer-ca.pem");
            config["wn-sztpd-1:bootstrap-servers"] = new JsonObject
            {
                ["bootstrap-server"] = new JsonArray(new JsonObject
                {
                    ["name"] = "onboarder",
                    ["address"] = "127.0.0.1",
                    ["port"] = onboarder.Options.SbiPort,
                    ["trust-anchor"] = Cms(correctAnchor ? onboarderFiles : files, "server-ca.pem"),
                }),
            };
            config["wn-sztpd-1:conveyed-information-responses"]!["redirect-information-response"] = new JsonArray(new JsonObject
            {
                ["name"] = "to-onboarder",
                ["redirect-information"] = new JsonObject { ["bootstrap-server"] = new JsonArray("onboarder") },
            });
            foreach (var device in config["wn-sztpd-1:devices"]!["device"]!.AsArray())
            {
                device!["response-manager"]!["matched-response"]![0]!["response"] = JsonNode.Parse(
                    """{"conveyed-information": {"redirect-information": {"reference": "to-onboarder"}}}""");
            }
        });
        return (redirecter, onboarder);
    }

    private static string Cms(DemoServerFiles files, string name) => Convert.ToBase64String(CmsCertificates.CreateDegenerate([.. files.Certificates(name)]));

    /// <summary>The onboarder's device 1, trusting only the redirecter's server CA.</summary>
    private static DeviceOptions Device(DemoServer redirecter, DemoServer onboarder, bool trustRedirecter = true) =>
        onboarder.Device(1) with { BootstrapServerTrustAnchors = trustRedirecter ? redirecter.Device(1).BootstrapServerTrustAnchors : [] };

    [Fact]
    public async Task TrustedRedirect_WithTheOnboardersTrustAnchor_AuthenticatesItAndCompletes()
    {
        var (redirecter, onboarder) = await StartAsync();
        await using var r = redirecter;
        await using var o = onboarder;

        var result = await new SztpDevice(Device(redirecter, onboarder) with { Download = false }).RunAsync([BootstrapSource.Servers(redirecter.SbiUri)]);

        Assert.True(result.Completed, result.ToJson().ToJsonString());
        Assert.Equal(1, result.Redirects);
        Assert.Equal($"127.0.0.1:{onboarder.Options.SbiPort}", result.OnboardingServer);
        Assert.Contains(result.Steps, s => s.Kind == "trust" && s.Message.StartsWith("The server must be authenticated by the redirect's trust anchor", StringComparison.Ordinal));
        Assert.Equal(["bootstrap-initiated", "bootstrap-complete"], await onboarder.ProgressTypesAsync(onboarder.Serial(1)));
        Assert.Empty(await redirecter.ProgressTypesAsync(onboarder.Serial(1)));
    }

    [Fact]
    public async Task TrustedRedirect_WithAWrongTrustAnchor_RefusesTheOnboarder()
    {
        var (redirecter, onboarder) = await StartAsync(correctAnchor: false);
        await using var r = redirecter;
        await using var o = onboarder;

        var result = await new SztpDevice(Device(redirecter, onboarder)).RunAsync([BootstrapSource.Servers(redirecter.SbiUri)]);

        Assert.False(result.Completed);
        Assert.Equal("tls", result.ErrorKind);
        Assert.Contains("could not be authenticated", result.Error, StringComparison.Ordinal);
        Assert.Empty(await onboarder.BootstrappingLogAsync(onboarder.Serial(1)));
    }

    [Fact]
    public async Task UntrustedRedirect_IsFollowedProvisionally_ItsTrustAnchorDiscarded_AndUnsignedOnboardingRefused()
    {
        var (redirecter, onboarder) = await StartAsync();
        await using var r = redirecter;
        await using var o = onboarder;

        var result = await new SztpDevice(Device(redirecter, onboarder, trustRedirecter: false)).RunAsync([BootstrapSource.Servers(redirecter.SbiUri)]);

        Assert.False(result.Completed);
        Assert.Equal("untrusted-onboarding", result.ErrorKind);
        Assert.Equal(1, result.Redirects);
        Assert.Contains(result.Steps, s => s.Kind == "trust" && s.Message.StartsWith("Discarding the trust anchor", StringComparison.Ordinal));
        Assert.Single(await onboarder.BootstrappingLogAsync(onboarder.Serial(1)));
    }
}
