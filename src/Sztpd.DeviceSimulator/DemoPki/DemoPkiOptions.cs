using System.Net;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.DemoPki;

/// <summary>What <c>sztp-device pki demo</c> generates.</summary>
public sealed record DemoPkiOptions
{
    public required int Devices { get; init; }

    /// <summary>The directory written (created if missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>
    /// How many of the devices get an IDevID (and, when signed, a voucher); null: all. The others are configured only
    /// (benchmarks: a server with 100,000 devices, of which a few thousand bootstrap).
    /// </summary>
    public int? Idevids { get; init; }

    /// <summary>Adds an owner certificate, a voucher per device, and makes the server sign every response.</summary>
    public bool Signed { get; init; }

    /// <summary>
    /// The device type issues each device a certificate from its CSR (RFC 9646): a CA that sztpd makes and keeps
    /// (a managed key, docs/certificates.md) signs it.
    /// </summary>
    public bool Csr { get; init; }

    /// <summary>
    /// The TLS server certificate's key: ECDSA P-256 (false) or RSA-2048 (true); with RSA, the server CA is RSA-2048 too and
    /// both are signed with RSA PKCS #1 v1.5 SHA-256.
    /// </summary>
    public bool RsaServerKey { get; init; }

    /// <summary>
    /// Whose devices the demo serves (docs/device-profiles.md): the device type's <c>device-profile</c>, and what those
    /// devices need. cisco-ios-xe: signed responses, an all-RSA server chain, a TLS 1.2 listener, and IDevIDs as Cisco
    /// SUDIs (RSA, SHA-1 signed by an issuing CA under a SHA-1 root, <c>SN:</c> in the subject's serialNumber, the issuing
    /// CA sent with them). arista-eos: configuration-handling replace.
    /// </summary>
    public DeviceProfile Profile { get; init; }

    /// <summary>Whether responses are signed: asked for, or needed by the profile's devices.</summary>
    public bool SignsResponses => Signed || Profile == DeviceProfile.CiscoIosXe;

    /// <summary>Whether the TLS server chain is RSA: asked for, or needed by the profile's devices.</summary>
    public bool RsaServer => RsaServerKey || Profile == DeviceProfile.CiscoIosXe;

    /// <summary>The address both listeners bind and the TLS server certificate names.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    public int NbiPort { get; init; } = 8080;

    public int SbiPort { get; init; } = 8443;

    public string AdminEmail { get; init; } = "admin@example.com";

    public string AdminPassword { get; init; } = "admin-secret";

    /// <summary>An activation code for every device (HTTP Basic); null: devices authenticate by certificate alone.</summary>
    public string? DevicePassword { get; init; }

    /// <summary>Serial numbers are this prefix and a zero-padded number.</summary>
    public string SerialPrefix { get; init; } = "demo-";

    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The serial number of device <paramref name="index"/> (from 1).</summary>
    public string Serial(int index) =>
        SerialPrefix + index.ToString(new string('0', Math.Max(4, Devices.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)), System.Globalization.CultureInfo.InvariantCulture);
}
