namespace Sztpd.Core.Configuration;

/// <summary>
/// A device type's <c>sztpd-ext:device-profile</c>: the defaults, for the leaves the type does not set, that a family of
/// real devices needs (docs/device-profiles.md says where each comes from).
/// </summary>
public sealed record DeviceProfile(string Name, string ConveyedInformationEncoding, SerialNumberRule? SerialNumberRule, bool AcceptSha1Signatures, string? ReportingLevel,
    EmbeddedCertificates EmbedCertificates)
{
    public const string GenericRfc8572 = "generic-rfc8572";
    public const string CiscoIosXe = "cisco-ios-xe";
    public const string AristaEos = "arista-eos";

    private static readonly DeviceProfile Generic = new(GenericRfc8572, "request", null, false, null, EmbeddedCertificates.None);

    /// <summary>
    /// SUDI subjects read "PID:C9300-24T SN:FCW2126G05V"; ACT2 SUDI chains are SHA-1 signed; JSON (1.43) only parses on
    /// 17.x; the only known-working setup embedded the signer certificate.
    /// </summary>
    private static readonly DeviceProfile Cisco = new(CiscoIosXe, "json", new SerialNumberRule("subject-serial-number", @"SN:(?<sn>\S+)"), true, null,
        EmbeddedCertificates.Signer);

    /// <summary>Arista's own test server answers JSON and sends reporting-level.</summary>
    private static readonly DeviceProfile Arista = new(AristaEos, "json", null, false, "verbose", EmbeddedCertificates.None);

    /// <summary>The profile of that name (the YANG enumeration); absent: generic-rfc8572.</summary>
    public static DeviceProfile Of(string? name) => name switch
    {
        CiscoIosXe => Cisco,
        AristaEos => Arista,
        _ => Generic,
    };
}
