namespace Sztpd.Core.Bootstrapping;

/// <summary>The two RESTCONF encodings a device may use (RFC 8040 section 5.2).</summary>
public enum RestconfEncoding
{
    Json,
    Xml,
}
