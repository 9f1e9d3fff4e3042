namespace Sztpd.Core.Configuration;

/// <summary>A <c>device</c> row: its serial number, device type, activation code (a crypt hash), own responses and ownership vouchers.</summary>
public sealed record Device
{
    public required string SerialNumber { get; init; }

    public string? DeviceType { get; init; }

    /// <summary><c>activation-code</c> as stored (<c>$5$...</c>); null when the device needs none.</summary>
    public string? ActivationCode { get; init; }

    /// <summary>The device's own <c>response-manager</c>, tried before its device type's.</summary>
    public IReadOnlyList<MatchedResponse> Responses { get; init; } = [];

    /// <summary><c>sztpd-ext:ownership-vouchers</c>, in order.</summary>
    public IReadOnlyList<OwnershipVoucherEntry> OwnershipVouchers { get; init; } = [];
}
