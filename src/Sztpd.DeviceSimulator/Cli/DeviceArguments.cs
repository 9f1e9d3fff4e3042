using System.CommandLine;
using System.CommandLine.Parsing;
using System.Security.Cryptography;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>What <c>run</c>'s device trusts and how it behaves (RFC 8572 §5.1-5.6), beyond its sources and identity.</summary>
internal sealed class DeviceArguments
{
    private readonly Option<string> _profile = OptionValues.Profile(
        "Whose behaviour to copy: generic (RFC 8572 as written), cisco-ios-xe (signed-data-preferred always, TLS 1.2 and RSA PKCS #1 only, "
        + "signed JSON data required, no progress to an untrusted server) or arista-eos (configuration-handling replace, sha-256 only).");

    private readonly Option<string[]> _trustAnchors = new("--trust-anchor") { HelpName = "FILE", Description = "Bootstrap server trust anchors (PEM). Repeatable." };
    private readonly Option<string[]> _voucherTrustAnchors = new("--voucher-trust-anchor") { HelpName = "FILE", Description = "Ownership voucher trust anchors, the manufacturer's (PEM). Repeatable." };
    private readonly Option<bool> _signedDataPreferred = new("--signed-data-preferred") { Description = "Send signed-data-preferred." };
    private readonly Option<bool> _nonce = new("--nonce") { Description = "Send a random voucher nonce." };
    private readonly Option<byte[]> _nonceBase64 = new("--nonce-base64") { HelpName = "B64", Description = "Send this voucher nonce.", CustomParser = Base64 };
    private readonly Option<bool> _xml = new("--xml") { Description = "Ask for XML instead of JSON." };
    private readonly Option<bool> _csr = new("--csr") { Description = "Offer csr-support (RFC 9646) and answer a csr-request." };
    private readonly Option<string> _out = new("--out") { HelpName = "DIR", Description = "Where to write the boot image, scripts, configuration and any new key." };
    private readonly Option<bool> _noDownload = new("--no-download") { Description = "Skip the boot image, as if already running it." };
    private readonly Option<bool> _runScripts = new("--run-scripts") { Description = "Run the pre- and post-configuration scripts (/bin/sh)." };
    private readonly Option<bool> _verboseReports = new("--verbose-reports") { Description = "Send every progress report, not only the required ones." };
    private readonly Option<string> _hwModel = new("--hw-model") { HelpName = "M", Description = "The hw-model sent.", DefaultValueFactory = _ => "sztp-device" };
    private readonly Option<string> _osName = new("--os-name") { HelpName = "N", Description = "The running OS's name.", DefaultValueFactory = _ => "sztp-device-os" };
    private readonly Option<string> _osVersion = new("--os-version") { HelpName = "V", Description = "The running OS's version.", DefaultValueFactory = _ => "1.0" };
    private readonly Option<int> _timeout = new("--timeout") { HelpName = "SECONDS", Description = "The timeout of each request.", DefaultValueFactory = _ => 30, CustomParser = r => OptionValues.WholeNumber(r, 1) };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _profile, _trustAnchors, _voucherTrustAnchors, _signedDataPreferred, _nonce, _nonceBase64, _xml, _csr, _out, _noDownload, _runScripts, _verboseReports, _hwModel, _osName, _osVersion, _timeout })
        {
            command.Add(option);
        }

        command.Conflicts(_nonce, _nonceBase64);
    }

    /// <summary>The profile asked for; <see cref="DeviceProfiles.UseInThisProcess"/> must see it before any key is loaded.</summary>
    public DeviceProfile Profile(ParseResult parseResult) => DeviceProfiles.ByName[parseResult.GetRequiredValue(_profile)];

    /// <summary>The device's options; reads the trust anchor files.</summary>
    /// <exception cref="ArgumentException">A trust anchor file cannot be read or holds no certificate.</exception>
    public DeviceOptions Read(ParseResult parseResult, DeviceCredentials credentials, Action<BootstrapStep>? onStep) => new()
    {
        Credentials = credentials,
        Profile = DeviceProfiles.ByName[parseResult.GetRequiredValue(_profile)],
        BootstrapServerTrustAnchors = TrustAnchorFiles.Read(parseResult.GetValue(_trustAnchors) ?? []),
        VoucherTrustAnchors = TrustAnchorFiles.Read(parseResult.GetValue(_voucherTrustAnchors) ?? []),
        Xml = parseResult.GetValue(_xml),
        SignedDataPreferred = parseResult.GetValue(_signedDataPreferred),
        Nonce = parseResult.GetValue(_nonceBase64) is { Length: > 0 } nonce ? nonce : parseResult.GetValue(_nonce) ? RandomNumberGenerator.GetBytes(16) : null,
        Csr = parseResult.GetValue(_csr),
        OutputDirectory = parseResult.GetValue(_out),
        Download = !parseResult.GetValue(_noDownload),
        RunScripts = parseResult.GetValue(_runScripts),
        VerboseReports = parseResult.GetValue(_verboseReports),
        HwModel = parseResult.GetRequiredValue(_hwModel),
        OsName = parseResult.GetRequiredValue(_osName),
        OsVersion = parseResult.GetRequiredValue(_osVersion),
        RequestTimeout = TimeSpan.FromSeconds(parseResult.GetValue(_timeout)),
        OnStep = onStep,
    };

    private static byte[] Base64(ArgumentResult result)
    {
        try
        {
            var nonce = Convert.FromBase64String(result.Tokens[^1].Value);
            return nonce.Length > 0 ? nonce : OptionValues.Refuse(result, "--nonce-base64 must not be empty.", nonce);
        }
        catch (FormatException)
        {
            return OptionValues.Refuse(result, "--nonce-base64 must be base64.", Array.Empty<byte>());
        }
    }
}
