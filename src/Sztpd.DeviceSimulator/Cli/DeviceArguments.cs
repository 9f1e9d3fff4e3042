using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.DeviceSimulator.Artifacts;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>The options that describe one device (<c>run</c>): identity, trust anchors, behaviour; <c>storm</c> shares the URL and certificate checks.</summary>
internal static class DeviceArguments
{
    private static readonly string[] Options =
    [
        "--bootstrap-url", "--dhcp-v4", "--dhcp-v6", "--removable-storage", "--cert", "--key", "--pkcs12", "--pkcs12-password", "--password", "--serial-number",
        "--trust-anchor", "--voucher-trust-anchor", "--nonce-base64", "--out", "--hw-model", "--os-name", "--os-version", "--timeout",
    ];

    private static readonly string[] Repeatable =
        ["--bootstrap-url", "--dhcp-v4", "--dhcp-v6", "--removable-storage", "--trust-anchor", "--voucher-trust-anchor"];

    private static readonly string[] Flags = ["--signed-data-preferred", "--nonce", "--xml", "--csr", "--no-download", "--run-scripts", "--verbose-reports", "--quiet"];

    /// <summary>The options of one device, refusing those that do not go together.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var cl = CommandLine.Parse(args, Options, Flags, Repeatable);
        cl.Conflicts("--pkcs12", "--cert", "--key");
        cl.Needs("--pkcs12-password", "--pkcs12");
        cl.Conflicts("--nonce", "--nonce-base64");
        return cl;
    }

    public static DeviceCredentials Credentials(CommandLine cl)
    {
        try
        {
            return cl.Get("--pkcs12") is { } p12
                ? DeviceCredentials.FromPkcs12(p12, cl.Get("--pkcs12-password"), cl.Get("--password"), cl.Get("--serial-number"))
                : DeviceCredentials.FromPem(cl.Require("--cert"), cl.Require("--key"), cl.Get("--password"), cl.Get("--serial-number"));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException(e.Message);
        }
    }

    public static DeviceOptions DeviceOptions(CommandLine cl, DeviceCredentials credentials, Action<BootstrapStep>? onStep) => new()
    {
        Credentials = credentials,
        BootstrapServerTrustAnchors = Certificates(cl.GetAll("--trust-anchor")),
        VoucherTrustAnchors = Certificates(cl.GetAll("--voucher-trust-anchor")),
        Xml = cl.Has("--xml"),
        SignedDataPreferred = cl.Has("--signed-data-preferred"),
        Nonce = Nonce(cl),
        Csr = cl.Has("--csr"),
        OutputDirectory = cl.Get("--out"),
        Download = !cl.Has("--no-download"),
        RunScripts = cl.Has("--run-scripts"),
        VerboseReports = cl.Has("--verbose-reports"),
        HwModel = cl.Get("--hw-model") ?? "sztp-device",
        OsName = cl.Get("--os-name") ?? "sztp-device-os",
        OsVersion = cl.Get("--os-version") ?? "1.0",
        RequestTimeout = TimeSpan.FromSeconds(cl.GetInt("--timeout", 30)),
        OnStep = onStep,
    };

    public static IReadOnlyList<BootstrapSource> Sources(CommandLine cl)
    {
        var sources = new List<BootstrapSource>();
        sources.AddRange(cl.GetAll("--removable-storage").Select(BootstrapSource.RemovableStorage));

        foreach (var (option, decode) in new (string, Func<byte[], SztpRedirectDecoding>)[] { ("--dhcp-v4", b => SztpRedirectOption.DecodeDhcpV4(b)), ("--dhcp-v6", b => SztpRedirectOption.DecodeDhcpV6(b)) })
        {
            foreach (var hex in cl.GetAll(option))
            {
                var decoded = decode(Hex(option, hex));
                sources.Add(decoded.IsDiscarded
                    ? throw new CommandLineException($"{option}: the option is discarded: {decoded.Error}")
                    : BootstrapSource.Servers([.. decoded.Uris.Select(u => new Uri(u))]));
            }
        }

        var urls = cl.GetAll("--bootstrap-url").Select(HttpsUrl).ToArray();
        if (urls.Length > 0)
        {
            sources.Add(BootstrapSource.Servers(urls));
        }

        return sources.Count > 0 ? sources : throw new CommandLineException("Give a source: --bootstrap-url URL, --dhcp-v4 HEX, --dhcp-v6 HEX or --removable-storage DIR.");
    }

    /// <summary>A <c>--bootstrap-url</c> value: an absolute https URL (RFC 8572 §2.1).</summary>
    public static Uri HttpsUrl(string text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == "https"
        ? uri : throw new CommandLineException($"--bootstrap-url must be an https URL, not \"{text}\".");

    private static byte[] Hex(string option, string hex)
    {
        try
        {
            return HexText.Parse(hex);
        }
        catch (FormatException e)
        {
            throw new CommandLineException($"{option}: {e.Message}");
        }
    }

    /// <summary>Every certificate of the PEM <paramref name="files"/>; a file without one is an error.</summary>
    public static X509Certificate2Collection Certificates(IReadOnlyList<string> files)
    {
        var all = new X509Certificate2Collection();
        foreach (var file in files)
        {
            try
            {
                var before = all.Count;
                all.ImportFromPemFile(file);
                if (all.Count == before)
                {
                    throw new CommandLineException($"{file} holds no PEM certificate.");
                }
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new CommandLineException($"{file}: {e.Message}");
            }
        }

        return all;
    }

    private static byte[]? Nonce(CommandLine cl)
    {
        if (cl.Get("--nonce-base64") is { } b64)
        {
            try
            {
                return Convert.FromBase64String(b64);
            }
            catch (FormatException)
            {
                throw new CommandLineException("--nonce-base64 must be base64.");
            }
        }

        return cl.Has("--nonce") ? RandomNumberGenerator.GetBytes(16) : null;
    }
}
