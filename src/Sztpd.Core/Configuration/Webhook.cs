namespace Sztpd.Core.Configuration;

/// <summary>
/// A <c>webhook</c> of a dynamic callout: where it is (HTTP or HTTPS), how its server is authenticated (a truststore bag
/// of CA certificates or of the server certificates themselves; neither: the system's trust roots), the client
/// certificate sztpd presents (<c>sztpd-ext:client-identity</c>), the body's encoding and the longest wait.
/// </summary>
public sealed record Webhook
{
    public required string Name { get; init; }

    public required bool Https { get; init; }

    public required string Address { get; init; }

    public required int Port { get; init; }

    /// <summary><c>json</c> or <c>xml</c>.</summary>
    public string Encoding { get; init; } = "json";

    /// <summary><c>server-authentication/ca-certs</c>: the bag the server's certificate must chain to.</summary>
    public string? ServerCaBag { get; init; }

    /// <summary><c>server-authentication/server-certs</c>: the bag holding the server's certificate itself.</summary>
    public string? ServerCertificateBag { get; init; }

    /// <summary><c>sztpd-ext:client-identity</c>; null: no client certificate.</summary>
    public KeystoreReference? ClientIdentity { get; init; }

    /// <summary><c>sztpd-ext:timeout</c>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
