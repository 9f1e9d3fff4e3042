using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Pki.Certificates;

namespace Sztpd.Core.Certificates;

/// <summary>
/// A keystore key's <c>sztpd-ext:managed</c> (of validated data), with the defaults of its YANG description applied: what its certificate
/// says, who issues it (<see cref="LocalCa"/>, or the ACME account <see cref="Acme"/>; neither: self-signed), and when it is renewed.
/// </summary>
internal sealed record ManagedDeclaration(
    string Profile, string? LocalCa, string Subject, string DnsNames, string IpAddresses, string KeyAlgorithm, int LifetimeDays, int RenewBeforeDays,
    string PublishToBags = "", string PublishToBootstrapServers = "", string? Acme = null)
{
    public const string Member = "sztpd-ext:managed";
    public const string CertificateAuthority = "certificate-authority";

    public bool IsCa => Profile == CertificateAuthority;

    /// <summary>What the certificate says and how its key is made: when it changes, a new certificate is issued at once.</summary>
    public ManagedDeclaration Certifies => this with { LifetimeDays = 0, RenewBeforeDays = 0, PublishToBags = "", PublishToBootstrapServers = "", LifetimeDeclared = false };

    /// <summary>Whether the lifetime was declared (an ACME server decides it instead).</summary>
    public bool LifetimeDeclared { get; init; }

    /// <summary>The truststore bags the CA's certificate is published in (<c>publish-to-bag</c>).</summary>
    public IEnumerable<string> Bags => PublishToBags.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The bootstrap servers whose trust-anchor holds the CA's certificate (<c>publish-to-bootstrap-server</c>).</summary>
    public IEnumerable<string> BootstrapServers => PublishToBootstrapServers.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public TimeSpan Lifetime => TimeSpan.FromDays(LifetimeDays);

    /// <summary>The subjectAltName's DNS names.</summary>
    public IReadOnlyList<string> DnsNameList => Split(DnsNames);

    /// <summary>The subjectAltName's IP addresses.</summary>
    public IReadOnlyList<string> IpAddressList => Split(IpAddresses);

    public TimeSpan RenewBefore => TimeSpan.FromDays(RenewBeforeDays);

    /// <summary>The declaration of <paramref name="key"/> (an <c>asymmetric-key</c> entry), or null when it is not managed or not well-formed (validation says why).</summary>
    public static ManagedDeclaration? Of(JsonObject key)
    {
        if (key[Member] is not JsonObject m || (string?)m["profile"] is not { } profile || (string?)m["subject"] is not { } subject)
        {
            return null;
        }
        var lifetime = Int(m["lifetime"]) ?? (profile == CertificateAuthority ? 3650 : 90);
        return new ManagedDeclaration(profile, (string?)m["local-ca"], subject, Join(m["dns-name"]), Join(m["ip-address"]),
            (string?)m["key-algorithm"] ?? "ec-p256", lifetime, Int(m["renew-before"]) ?? Math.Max(1, lifetime / 3),
            Lines(m["publish-to-bag"]), Lines(m["publish-to-bootstrap-server"]), (string?)m["acme"])
        { LifetimeDeclared = m["lifetime"] is not null };
    }

    /// <summary>What the certificate says, or null with the reason (and the offending leaf).</summary>
    public CertificateTemplate? Template(out string? error, out string? leaf)
    {
        X500DistinguishedName subject;
        try
        {
            subject = new X500DistinguishedName(Subject);
        }
        catch (CryptographicException)
        {
            (error, leaf) = ($"\"{Subject}\" is not a distinguished name in RFC 4514 string form (for instance CN=sztpd.example.com,O=Example).", "subject");
            return null;
        }
        var ips = new List<IPAddress>();
        foreach (var text in Split(IpAddresses))
        {
            if (!IPAddress.TryParse(text, out var ip))
            {
                (error, leaf) = ($"\"{text}\" is not an IP address.", "ip-address");
                return null;
            }
            ips.Add(ip);
        }
        foreach (var dns in Split(DnsNames))
        {
            try
            {
                new SubjectAlternativeNameBuilder().AddDnsName(dns);
            }
            catch (ArgumentException)
            {
                (error, leaf) = ($"\"{dns}\" is not a DNS name a certificate can hold.", "dns-name");
                return null;
            }
        }
        (error, leaf) = (null, null);
        return new CertificateTemplate(subject, Profile switch
        {
            CertificateAuthority => CertificateProfile.CertificateAuthority,
            "tls-server" => CertificateProfile.TlsServer,
            "tls-client" => CertificateProfile.TlsClient,
            _ => CertificateProfile.Signing,
        }, Split(DnsNames), ips);
    }

    /// <summary>A uint16 of validated data, whatever number type holds it.</summary>
    private static int? Int(JsonNode? value) =>
        value is null ? null : int.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Lines(JsonNode? leafList) => string.Join('\n', (leafList as JsonArray ?? []).Select(v => (string?)v));

    private static string Join(JsonNode? leafList) => string.Join(" ", (leafList as JsonArray ?? []).Select(v => (string?)v));

    private static string[] Split(string joined) => joined.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
