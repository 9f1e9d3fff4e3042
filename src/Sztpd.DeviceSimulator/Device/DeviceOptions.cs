using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.DeviceSimulator.Device;

/// <summary>What the simulated device is configured with before it boots (RFC 8572 §5.1) and how it behaves.</summary>
public sealed record DeviceOptions
{
    public required DeviceCredentials Credentials { get; init; }

    /// <summary>Trust anchors for bootstrap servers' TLS certificates; a server that chains to one is trusted.</summary>
    public X509Certificate2Collection BootstrapServerTrustAnchors { get; init; } = [];

    /// <summary>Trust anchors for ownership vouchers (the manufacturer's, RFC 8572 §5.1 item 4).</summary>
    public X509Certificate2Collection VoucherTrustAnchors { get; init; } = [];

    /// <summary>Whose behaviour the device copies; <see cref="DeviceProfile.Generic"/> by default.</summary>
    public DeviceProfile Profile { get; init; }

    /// <summary>Sends and asks for <c>application/yang-data+xml</c> instead of JSON.</summary>
    public bool Xml { get; init; }

    /// <summary>Sends <c>signed-data-preferred</c> even to trusted servers (it is always sent to untrusted ones).</summary>
    public bool SignedDataPreferred { get; init; }

    /// <summary>The nonce sent in get-bootstrapping-data; a signed response's voucher must carry the same one.</summary>
    public byte[]? Nonce { get; init; }

    /// <summary>Offers an RFC 9646 CSR (csr-support, then p10-csr when the server asks for one).</summary>
    public bool Csr { get; init; }

    /// <summary>Where the boot image, configuration and scripts are written; null writes nothing.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Downloads and verifies boot images; when false the device behaves as if it already ran them.</summary>
    public bool Download { get; init; } = true;

    /// <summary>Runs the pre- and post-configuration scripts with /bin/sh (never by default).</summary>
    public bool RunScripts { get; init; }

    /// <summary>Sends every progress report even when the server asks for the minimal set.</summary>
    public bool VerboseReports { get; init; }

    /// <summary>The longest chain of redirects followed (RFC 8572 §5.3: no more than ten).</summary>
    public int MaxRedirects { get; init; } = 10;

    public string HwModel { get; init; } = "sztp-device";

    /// <summary>The name of the operating system the device runs before bootstrapping.</summary>
    public string OsName { get; init; } = "sztp-device-os";

    public string OsVersion { get; init; } = "1.0";

    /// <summary>The device's clock, used for vouchers and certificates.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long one HTTP request may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether get-bootstrapping-data carries signed-data-preferred to every server, trusted or not.</summary>
    internal bool AlwaysSignedDataPreferred => SignedDataPreferred || Profile == DeviceProfile.CiscoIosXe;

    /// <summary>Whether unsigned conveyed information is refused whatever its source's trust (the Cisco IOS XE profile).</summary>
    internal bool RequiresSignedData => Profile == DeviceProfile.CiscoIosXe;

    /// <summary>Whether conveyed information encoded as XML (1.42) is refused: IOS XE 17.x parses only JSON (1.43).</summary>
    internal bool ParsesJsonOnly => Profile == DeviceProfile.CiscoIosXe;

    /// <summary>Whether a boot image without os-name and os-version is skipped (IOS XE) rather than downloaded.</summary>
    internal bool SkipsUnnamedBootImages => Profile == DeviceProfile.CiscoIosXe;

    /// <summary>The image-verification hash algorithms the device can check.</summary>
    internal IReadOnlyList<string> ImageHashAlgorithms => Profile == DeviceProfile.AristaEos ? ["sha-256"] : ["sha-256", "sha-512"];

    /// <summary>The configuration-handling values the device can apply; null: any.</summary>
    internal string? OnlyConfigurationHandling => Profile == DeviceProfile.AristaEos ? "replace" : null;

    /// <summary>The TLS versions the device offers; <see cref="SslProtocols.None"/> leaves the choice to the platform.</summary>
    internal SslProtocols TlsProtocols => Profile == DeviceProfile.CiscoIosXe ? SslProtocols.Tls12 : SslProtocols.None;

    /// <summary>Called for each step as it happens (the <c>run</c> command prints them).</summary>
    public Action<BootstrapStep>? OnStep { get; init; }
}
