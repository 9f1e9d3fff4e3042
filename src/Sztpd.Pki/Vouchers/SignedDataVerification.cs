using System.Diagnostics.CodeAnalysis;
using Sztpd.Pki.Cms;

namespace Sztpd.Pki.Vouchers;

/// <summary>The outcome of <see cref="SignedDataVerifier.Verify"/>: the conveyed information, or why it was rejected.</summary>
public sealed record SignedDataVerification
{
    /// <summary>Why the artifacts were rejected (one English sentence); null when they were accepted.</summary>
    public string? Failure { get; init; }

    /// <summary>The conveyed information; set when <see cref="IsValid"/>.</summary>
    public ConveyedInformationContent? ConveyedInformation { get; init; }

    /// <summary>The authenticated ownership voucher; set when the conveyed information was signed and accepted.</summary>
    public OwnershipVoucher? OwnershipVoucher { get; init; }

    /// <summary>True when the artifacts were accepted.</summary>
    [MemberNotNullWhen(true, nameof(ConveyedInformation))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsValid => Failure is null && ConveyedInformation is not null;

    /// <summary>The <c>conveyed-information</c> bytes, when accepted.</summary>
    public byte[]? Payload => ConveyedInformation?.Payload;

    /// <summary>True when the accepted conveyed information was signed (and so its signature was verified).</summary>
    public bool IsSigned => ConveyedInformation?.IsSigned ?? false;

    /// <summary>The encoding of <see cref="Payload"/>, when accepted.</summary>
    public ConveyedInformationEncoding? Encoding => ConveyedInformation?.Encoding;

    internal static SignedDataVerification Fail(string failure) => new() { Failure = failure };
}
