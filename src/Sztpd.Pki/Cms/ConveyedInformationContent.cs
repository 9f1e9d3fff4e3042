namespace Sztpd.Pki.Cms;

/// <summary>What a conveyed information artifact (RFC 8572 §3.1) holds, as read by <see cref="ConveyedInformationCms"/>.</summary>
public sealed record ConveyedInformationContent
{
    /// <summary>
    /// The content type of the <c>conveyed-information</c> bytes: the ContentInfo content type when unsigned, the
    /// SignedData eContentType when signed (<see cref="CmsOids.SztpConveyedInfoJson"/>,
    /// <see cref="CmsOids.SztpConveyedInfoXml"/> or <see cref="CmsOids.Data"/>).
    /// </summary>
    public required string ContentType { get; init; }

    /// <summary>The <c>conveyed-information</c> data, exactly as carried.</summary>
    public required byte[] Payload { get; init; }

    /// <summary>True when the artifact is SignedData ("signed data" in RFC 8572 terms), false when plain.</summary>
    public required bool IsSigned { get; init; }

    /// <summary>The encoding <see cref="ContentType"/> names.</summary>
    public ConveyedInformationEncoding Encoding => ContentType switch
    {
        CmsOids.SztpConveyedInfoJson => ConveyedInformationEncoding.Json,
        CmsOids.SztpConveyedInfoXml => ConveyedInformationEncoding.Xml,
        _ => ConveyedInformationEncoding.Unspecified,
    };
}
