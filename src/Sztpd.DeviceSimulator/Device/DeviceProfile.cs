namespace Sztpd.DeviceSimulator.Device;

/// <summary>Whose behaviour the simulated device copies where RFC 8572 leaves a choice (docs/device-profiles.md).</summary>
public enum DeviceProfile
{
    /// <summary>
    /// RFC 8572 as written: signed-data-preferred when asked or to a server known to be untrusted, unsigned onboarding
    /// information accepted from a trusted server, the platform's TLS versions.
    /// </summary>
    Generic,

    /// <summary>
    /// A Cisco IOS XE 17.x switch as its published trace shows: signed-data-preferred always; TLS 1.2 only, its RSA key
    /// signing only with PKCS #1 v1.5 (in the sztp-device process, <see cref="DeviceProfiles.UseInThisProcess"/>); only
    /// signed data (an ownership voucher and an owner certificate) accepted, from any source; conveyed information
    /// parsed only as JSON; a boot image without os-name and os-version skipped.
    /// </summary>
    CiscoIosXe,

    /// <summary>
    /// An Arista EOS switch as Arista's own test server implies: configuration-handling replace only, boot images
    /// verified by sha-256 only.
    /// </summary>
    AristaEos,
}
