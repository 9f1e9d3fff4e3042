namespace Sztpd.Core.Configuration;

/// <summary>A <c>device-type</c> with sztpd's extensions (<c>sztpd-ext</c>): how its devices are identified, answered and signed for.</summary>
public sealed record DeviceType
{
    public required string Name { get; init; }

    /// <summary><c>sztpd-ext:device-profile</c>, whose defaults fill the leaves below that the type does not set.</summary>
    public string Profile { get; init; } = DeviceProfile.GenericRfc8572;

    /// <summary><c>identity-certificates/verification</c>: the trust its devices' certificates must chain to; null when none is required.</summary>
    public TrustReference? IdentityCertificates { get; init; }

    /// <summary><c>sztpd-ext:serial-number-regex</c>; null: the subject's serialNumber attribute (or its last RDN).</summary>
    public SerialNumberRule? SerialNumberRule { get; init; }

    public bool AcceptSha1Signatures { get; init; }

    /// <summary><c>sztpd-ext:conveyed-information-encoding</c>: <c>request</c> (as the device's request), <c>json</c> or <c>xml</c>.</summary>
    public string ConveyedInformationEncoding { get; init; } = "request";

    /// <summary><c>sztpd-ext:reporting-level</c>, sent with onboarding information when set.</summary>
    public string? ReportingLevel { get; init; }

    public SignedDataPolicy? SignedData { get; init; }

    public CsrPolicy? Csr { get; init; }

    /// <summary><c>ownership-authorization</c>: the dynamic callout that verifies a device of this type when it is created.</summary>
    public string? OwnershipAuthorization { get; init; }

    /// <summary><c>sztpd-ext:response-manager</c>: tried after the device's own.</summary>
    public IReadOnlyList<MatchedResponse> Responses { get; init; } = [];
}
