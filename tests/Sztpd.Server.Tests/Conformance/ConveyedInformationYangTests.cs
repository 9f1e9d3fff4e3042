using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Opi;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Conformance;

/// <summary>
/// RFC 8572 section 6.1: the conveyed information sztpd serves is valid <c>ietf-sztp-conveyed-info</c> data, as
/// judged by yanglint. yanglint 2.1.30 cannot parse data of an <c>rc:yang-data</c> structure, so the check loads the
/// repository's module with only its <c>rc:yang-data conveyed-information { ... }</c> wrapper lines removed: the same
/// module name, namespace, typedefs, choice, musts and keys, now as top-level data nodes.
/// </summary>
public sealed class ConveyedInformationYangTests
{
    private const string Module = "ietf-sztp-conveyed-info@2019-04-30.yang";
    private const string Wrapper = "  rc:yang-data conveyed-information {";

    /// <summary>Writes the module without its yang-data wrapper (its opening line and the two-space "}" closing it) and returns the path.</summary>
    private static string UnwrappedModule(TempDirectory dir)
    {
        var lines = File.ReadAllLines(Path.Combine(TestData.RepositoryYang, Module)).ToList();
        var open = lines.IndexOf(Wrapper);
        Assert.True(open > 0, $"{Module} no longer holds \"{Wrapper.Trim()}\"");
        var close = lines.FindIndex(open, l => l == "  }");
        Assert.True(lines.Skip(open + 1).Take(close - open - 1).All(l => l.Length == 0 || l.StartsWith("    ", StringComparison.Ordinal)),
            "the wrapper's body is not indented below it");
        lines.RemoveAt(close);
        lines.RemoveAt(open);
        return dir.WriteText(Module, string.Join('\n', lines) + "\n");
    }

    private static async Task<(int Code, string Output)> ValidateAsync(TempDirectory dir, string name, string conveyed) =>
        await Yanglint.ValidateAsync([UnwrappedModule(dir)], dir.WriteText(name, conveyed));

    private static async Task<string> ConveyedAsync(OpiServer s)
    {
        using var third = s.Third();
        using var r = await third.PostAsync(Gbd, Json(TestData.OpiData("opiproject-sztp/requests", "get-bootstrapping-data.input.json")));
        return await ConveyedTextAsync(r);
    }

    [Fact(SkipExceptions = [typeof(ToolMissingException)])]
    public async Task ThirdsOnboardingInformation_Yanglint_Valid_AndABrokenCopyIsRejected()
    {
        using var dir = new TempDirectory();
        await using var s = await OpiServer.StartAsync();
        var onboarding = await ConveyedAsync(s);
        Assert.Contains("ietf-sztp-conveyed-info:onboarding-information", onboarding);

        var (code, output) = await ValidateAsync(dir, "onboarding.json", onboarding);
        Assert.True(code == 0 && output.Length == 0, $"yanglint {code}: {output}\n{onboarding}");

        // The check is not vacuous: without configuration-handling, configuration's must fails.
        var broken = JsonNode.Parse(onboarding)!;
        Assert.True(broken["ietf-sztp-conveyed-info:onboarding-information"]!.AsObject().Remove("configuration-handling"));
        (code, output) = await ValidateAsync(dir, "broken.json", broken.ToJsonString());
        Assert.NotEqual(0, code);
        Assert.Contains("Must condition \"../configuration-handling\" not satisfied", output);
    }

    [Fact(SkipExceptions = [typeof(ToolMissingException)])]
    public async Task RedirecterResponse_Yanglint_Valid()
    {
        using var dir = new TempDirectory();
        using var pki = new OpiPki(DateTimeOffset.UtcNow);
        await using var s = await OpiServer.StartAsync(pki, (p, nbi, sbi) => OpiTemplate.Redirect(p, nbi, sbi, "bootstrap", 9090));
        var redirect = await ConveyedAsync(s);
        Assert.Contains("ietf-sztp-conveyed-info:redirect-information", redirect);

        var (code, output) = await ValidateAsync(dir, "redirect.json", redirect);
        Assert.True(code == 0 && output.Length == 0, $"yanglint {code}: {output}\n{redirect}");
    }
}
