using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Certificates;

/// <summary>
/// The serial number a device certificate carries by default (SZTPD's rule, RFC 8572 §5.3): the subject's
/// serialNumber attribute, else the value of its last single-valued RDN. Server and simulated device use the same rule.
/// </summary>
public static class DeviceSerialNumber
{
    private const string SerialNumberOid = "2.5.4.5";

    public static string? Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var rdns = certificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false).Where(r => !r.HasMultipleElements).ToList();
        return (rdns.FirstOrDefault(r => r.GetSingleElementType().Value == SerialNumberOid) ?? rdns.LastOrDefault())?.GetSingleElementValue();
    }
}
