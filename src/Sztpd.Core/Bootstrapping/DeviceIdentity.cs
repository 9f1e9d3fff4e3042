using System.Security.Cryptography.X509Certificates;
using Sztpd.Core.Configuration;

namespace Sztpd.Core.Bootstrapping;

/// <summary>An authenticated device: its serial number, its configuration, its device type (if any) and the certificate it presented (if any).</summary>
public sealed record DeviceIdentity(string SerialNumber, Device Device, DeviceType? DeviceType, X509Certificate2? Certificate = null)
{
    /// <summary>Where the device belongs (the configuration it is served from, the store of its logs); set by <see cref="DeviceAuthenticator"/>.</summary>
    public DeviceScope? Scope { get; init; }
}
