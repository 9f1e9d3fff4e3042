using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// What a device presented: its certificate (from TLS, or forwarded by a TLS-terminating proxy), its Basic user name
/// and password, and the items of its connection (where a connection's certificate verdict is kept; null when the
/// certificate did not come from the connection), and the address it came from (for throttling).
/// </summary>
public sealed record DeviceCredentials(X509Certificate2? Certificate, string? User, string? Password, IDictionary<object, object?>? ConnectionItems, string Source = "")
{
    /// <summary>The intermediate certificates presented with <see cref="Certificate"/>, used to build its path to the device type's trust anchors.</summary>
    public PresentedIntermediates Intermediates { get; init; } = PresentedIntermediates.None;
}
