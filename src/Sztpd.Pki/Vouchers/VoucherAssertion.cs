namespace Sztpd.Pki.Vouchers;

/// <summary>The values of the ietf-voucher <c>assertion</c> enumeration (RFC 8366 §5.3).</summary>
public static class VoucherAssertion
{
    /// <summary>The MASA positively verified the ownership (e.g., through sales channel integration).</summary>
    public const string Verified = "verified";

    /// <summary>The voucher was issued after minimal verification and the issuance was logged.</summary>
    public const string Logged = "logged";

    /// <summary>The MASA verified a proximity proof provided by the device and target domain.</summary>
    public const string Proximity = "proximity";

    /// <summary>True for one of the three enumeration values.</summary>
    public static bool IsDefined(string? value) => value is Verified or Logged or Proximity;
}
