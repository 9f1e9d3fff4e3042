namespace Sztpd.Pki.Cms;

/// <summary>How the <c>conveyed-information</c> bytes of an RFC 8572 §3.1 artifact are encoded.</summary>
public enum ConveyedInformationEncoding
{
    /// <summary>id-ct-sztpConveyedInfoJSON: RFC 7951 JSON.</summary>
    Json,

    /// <summary>id-ct-sztpConveyedInfoXML: XML.</summary>
    Xml,

    /// <summary>id-data: the encoding is communicated externally (RFC 8572 §3.1).</summary>
    Unspecified,
}
