using System.Collections.Concurrent;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Core.Configuration;
using Sztpd.Server.Hosting;

namespace Sztpd.Server.Outbound;

/// <summary>
/// One <see cref="HttpClient"/> per webhook (its connections kept between calls), rebuilt when what it is built from
/// changes: the webhook's settings, its client certificate, the certificates its server is checked against. Which
/// client a webhook has is worked out once per configuration revision (loading a client key is not cheap).
/// </summary>
internal sealed class WebhookClients : IDisposable
{
    private readonly Dictionary<string, (string Fingerprint, HttpClient Client)> _clients = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<RunningConfiguration, ConcurrentDictionary<string, HttpClient>> _byRevision = [];

    /// <summary>The client of <paramref name="webhook"/> in this configuration revision: looked up once per revision, then reused.</summary>
    /// <exception cref="InvalidOperationException">The webhook's client identity cannot be used.</exception>
    public HttpClient For(string callout, Webhook webhook, RunningConfiguration config) =>
        _byRevision.GetOrCreateValue(config).GetOrAdd(callout + "\n" + webhook.Name, key => Build(key, webhook, config));

    /// <summary>The client built from what <paramref name="webhook"/> names in <paramref name="config"/>: the previous revision's when that is unchanged.</summary>
    private HttpClient Build(string key, Webhook webhook, RunningConfiguration config)
    {
        var trust = webhook.ServerCaBag ?? webhook.ServerCertificateBag;
        var trusted = trust is null ? null : config.Truststore.Bag(trust);
        var identity = webhook.ClientIdentity is { } reference ? KeystoreIdentity.WithKey(config.Keystore, reference) : ((X509Certificate2, X509Certificate2Collection)?)null;
        var fingerprint = string.Join('|', webhook.ToString(), identity?.Item1.Thumbprint, string.Join(',', trusted?.Select(c => c.Thumbprint) ?? []));
        lock (_clients)
        {
            if (_clients.TryGetValue(key, out var cached) && cached.Fingerprint == fingerprint)
            {
                identity?.Item1.Dispose();
                return cached.Client;
            }
            var client = new HttpClient(Handler(webhook, trusted, identity)) { Timeout = Timeout.InfiniteTimeSpan };
            // A client replaced while a call is in flight is left to the garbage collector rather than cut off.
            _clients[key] = (fingerprint, client);
            return client;
        }
    }

    private static SocketsHttpHandler Handler(Webhook webhook, X509Certificate2Collection? trusted, (X509Certificate2 Certificate, X509Certificate2Collection Issuers)? identity) => new()
    {
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        UseCookies = false,
        AllowAutoRedirect = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificateContext = identity is { } id ? SslStreamCertificateContext.Create(id.Certificate, id.Issuers, offline: true) : null,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                ServerCertificate.Trusted(trusted, webhook.ServerCertificateBag is not null, certificate, chain, errors),
        },
    };

    public void Dispose()
    {
        lock (_clients)
        {
            foreach (var (_, client) in _clients.Values)
            {
                client.Dispose();
            }
        }
    }
}
