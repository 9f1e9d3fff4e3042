using Sztpd.Pki.Cms;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// A one-line description of a conveyed information artifact for the <c>storage</c> commands: signed or not, its
/// encoding, or why it is not one; and what a device would object to.
/// </summary>
internal sealed record ConveyedInformationSummary(ConveyedInformationContent? Content, string? Error)
{
    /// <summary>E.g. "signed data, JSON" or "not a conveyed information artifact: ...".</summary>
    public string Text => Content is { } content
        ? $"{(content.IsSigned ? "signed data" : "unsigned")}, {content.Encoding switch
        {
            ConveyedInformationEncoding.Json => "JSON",
            ConveyedInformationEncoding.Xml => "XML",
            _ => "encoding unspecified (id-data)",
        }}"
        : $"not a conveyed information artifact: {Error}";

    public static ConveyedInformationSummary Describe(byte[] conveyedInformation) =>
        ConveyedInformationCms.TryDecode(conveyedInformation, out var content, out var error)
            ? new ConveyedInformationSummary(content, null)
            : new ConveyedInformationSummary(null, error);

    /// <summary>What a device would object to, given whether an owner certificate and voucher come with it; or null.</summary>
    public string? Warning(bool withOwnerCertificateAndVoucher) => Content switch
    {
        null => $"the conveyed information is not a conveyed information artifact: {Error}",
        { IsSigned: true } when !withOwnerCertificateAndVoucher =>
            "signed conveyed information without an owner certificate and ownership voucher: a device cannot verify it.",
        { IsSigned: false } when withOwnerCertificateAndVoucher =>
            "unsigned conveyed information with an owner certificate and voucher: a device has no use for them.",
        _ => null,
    };
}
