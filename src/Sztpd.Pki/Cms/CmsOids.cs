namespace Sztpd.Pki.Cms;

/// <summary>CMS content types (RFC 5652) and the SMIME content types of RFC 8366 and RFC 8572.</summary>
public static class CmsOids
{
    /// <summary>id-data.</summary>
    public const string Data = "1.2.840.113549.1.7.1";

    /// <summary>id-signedData.</summary>
    public const string SignedData = "1.2.840.113549.1.7.2";

    /// <summary>id-envelopedData.</summary>
    public const string EnvelopedData = "1.2.840.113549.1.7.3";

    /// <summary>id-ct-animaJSONVoucher (RFC 8366 §8.4): a JSON-encoded voucher.</summary>
    public const string AnimaJsonVoucher = "1.2.840.113549.1.9.16.1.40";

    /// <summary>id-ct-sztpConveyedInfoXML (RFC 8572 §10.3): XML-encoded conveyed information.</summary>
    public const string SztpConveyedInfoXml = "1.2.840.113549.1.9.16.1.42";

    /// <summary>id-ct-sztpConveyedInfoJSON (RFC 8572 §10.3): JSON-encoded conveyed information.</summary>
    public const string SztpConveyedInfoJson = "1.2.840.113549.1.9.16.1.43";

    /// <summary>id-sha256, the digest algorithm this library signs with.</summary>
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
}
