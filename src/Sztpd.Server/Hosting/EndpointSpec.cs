using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Server.Hosting;

/// <summary>One listening endpoint of <c>transport/listen</c>, resolved against the keystore and truststore.</summary>
internal sealed record EndpointSpec(
    string Name,
    string UseFor,
    IPAddress Address,
    int Port,
    X509Certificate2? ServerCertificate,
    X509Certificate2Collection? ServerChain,
    X509Certificate2Collection? ClientTrust)
{
    public const string Native = "wn-app:native-interface";
    public const string Rfc8572 = "wn-sztpd-0:rfc8572-interface";
    public const string Tenant = "wn-app:tenant-interface";

    public bool IsHttps => ServerCertificate is not null;

    public IPEndPoint EndPoint => new(Address, Port);
}
