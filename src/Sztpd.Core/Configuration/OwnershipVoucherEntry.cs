namespace Sztpd.Core.Configuration;

/// <summary>An <c>ownership-voucher</c> of a device: its name and the voucher (base64 CMS), decoded only when a response is signed.</summary>
public sealed record OwnershipVoucherEntry(string? Name, string Voucher)
{
    /// <summary>The voucher's DER bytes.</summary>
    public byte[] Decode() => Convert.FromBase64String(Voucher);
}
