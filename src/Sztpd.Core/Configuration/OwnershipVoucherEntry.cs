namespace Sztpd.Core.Configuration;

/// <summary>An <c>ownership-voucher</c> of a device: its name and the voucher (CMS, DER).</summary>
public sealed record OwnershipVoucherEntry(string? Name, byte[] Voucher);
