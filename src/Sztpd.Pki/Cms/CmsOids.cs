namespace Sztpd.Pki.Cms;

/// <summary>CMS content types (RFC 5652).</summary>
public static class CmsOids
{
    /// <summary>id-data.</summary>
    public const string Data = "1.2.840.113549.1.7.1";

    /// <summary>id-signedData.</summary>
    public const string SignedData = "1.2.840.113549.1.7.2";
}
