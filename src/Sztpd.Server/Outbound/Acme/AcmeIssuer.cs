using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Sztpd.Core.Certificates;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Pki.Certificates;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Keys;

namespace Sztpd.Server.Outbound.Acme;

/// <summary>
/// Places the ACME orders that are due (docs/certificates.md): for each, the account (found or created), a new order
/// for the key's DNS names and IP addresses (RFC 8738), an HTTP-01 challenge per pending authorization answered by
/// <see cref="AcmeChallenges"/> (or, for an account with <c>dns-01</c>, a DNS-01 challenge answered by a dynamic update
/// of its zone, <see cref="DnsUpdate"/>), finalization with a CSR for a new key, and the certificate chain. It runs outside the
/// configuration's write lock; the caller installs what it returns (<see cref="RunningDatastore.RenewDueAsync"/>).
/// Waiting for the ACME server is paced on the real clock (<paramref name="pacing"/>), each order at most <see cref="Deadline"/>.
/// </summary>
internal sealed class AcmeIssuer(AcmeChallenges challenges, IReadOnlyDictionary<string, TsigKey> tsigKeys, TimeProvider pacing)
{
    /// <summary>The longest an order may take, validation included.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Renews in <paramref name="datastore"/> what is due and the keys of <paramref name="now"/>: the ACME orders first,
    /// outside the write lock, then the one commit that installs what they issued with every other renewal
    /// (<see cref="RunningDatastore.RenewDueAsync"/>). The keys whose certificate changed, and what failed.
    /// </summary>
    public async Task<(IReadOnlyList<string> Renewed, IReadOnlyList<ManagedKeys.Failure> Failures)> RenewAsync(
        RunningDatastore datastore, IReadOnlySet<string> now, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(datastore);
        var (issued, acmeFailures) = await IssueDueAsync(datastore.Running, at, now, ct).ConfigureAwait(false);
        var (renewed, failures) = await datastore.RenewDueAsync(now, issued, ct).ConfigureAwait(false);
        return (renewed, [.. acmeFailures, .. failures]);
    }

    /// <summary>Orders what is due in <paramref name="config"/> (and the keys of <paramref name="force"/>): what was issued, by key, and what failed.</summary>
    private async Task<(Dictionary<string, ManagedKeys.AcmeIssued> Issued, List<ManagedKeys.Failure> Failures)> IssueDueAsync(
        JsonObject config, DateTimeOffset now, IReadOnlySet<string> force, CancellationToken ct)
    {
        var issued = new Dictionary<string, ManagedKeys.AcmeIssued>(StringComparer.Ordinal);
        var failures = new List<ManagedKeys.Failure>();
        foreach (var order in ManagedKeys.AcmeDue(config, now, force))
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(Deadline);
            try
            {
                issued[order.Key] = await IssueAsync(config, order, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AcmeException or HttpRequestException or CryptographicException or InvalidOperationException or SocketException or IOException
                || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                failures.Add(new ManagedKeys.Failure(order.Key, e is OperationCanceledException
                    ? $"the ACME order did not complete within {Deadline.TotalMinutes:0} minutes."
                    : $"the ACME order failed: {e.GetBaseException().Message}"));
            }
        }
        return (issued, failures);
    }

    /// <summary>
    /// Revokes at account <paramref name="account"/>'s server a certificate it issued (DER), for an RFC 5280
    /// <paramref name="reason"/> code; a refusal or an unreachable server is thrown (<see cref="AcmeException"/>, <see cref="HttpRequestException"/>).
    /// </summary>
    public static async Task RevokeAsync(JsonObject config, string account, byte[] certificate, int reason, CancellationToken ct)
    {
        var (client, http, accountKey) = await ConnectAsync(config, account, ct).ConfigureAwait(false);
        using (http)
        using (accountKey)
        {
            await client.RevokeAsync(certificate, reason, ct).ConfigureAwait(false);
        }
    }

    private static JsonObject Account(JsonObject config, string name) =>
        (config["wn-sztpd-1:preferences"]?["sztpd-ext:acme"]?["account"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(a => (string?)a["name"] == name) ?? throw new InvalidOperationException($"There is no ACME account \"{name}\".");

    /// <summary>A client for account <paramref name="name"/> of <paramref name="config"/>, its account found or created; the caller disposes the HTTP client and key.</summary>
    private static async Task<(AcmeClient Client, HttpClient Http, AsymmetricAlgorithm AccountKey)> ConnectAsync(JsonObject config, string name, CancellationToken ct)
    {
        var account = Account(config, name);
        var accountKey = AccountKey(config, (string)account["account-key"]!);
        var trusted = (string?)account["trust-anchors"] is { } bag ? ConfigurationMapper.Map(config).Truststore.Bag(bag) : null;
        var http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, chain, errors) => ServerCertificate.Trusted(trusted, false, certificate, chain, errors) },
        });
        try
        {
            var client = new AcmeClient(http, new Uri((string)account["directory"]!), accountKey);
            await client.AccountAsync([.. (account["contact"] as JsonArray ?? []).Select(c => (string)c!)], (bool?)account["terms-of-service-agreed"] ?? false, ct).ConfigureAwait(false);
            return (client, http, accountKey);
        }
        catch
        {
            http.Dispose();
            accountKey.Dispose();
            throw;
        }
    }

    private async Task<ManagedKeys.AcmeIssued> IssueAsync(JsonObject config, ManagedKeys.AcmeOrder order, CancellationToken ct)
    {
        var (client, http, accountKey) = await ConnectAsync(config, order.Account, ct).ConfigureAwait(false);
        using var httpScope = http;
        using var accountKeyScope = accountKey;
        var dns = Account(config, order.Account)["dns-01"] as JsonObject;
        var (orderUrl, placed) = await client.NewOrderAsync(
            [.. order.DnsNames.Select(n => ("dns", n)), .. order.IpAddresses.Select(a => ("ip", IPAddress.Parse(a).ToString()))], ct).ConfigureAwait(false);
        foreach (var authorization in (placed["authorizations"] as JsonArray ?? []).Select(a => (string)a!))
        {
            await AuthorizeAsync(client, authorization, dns, ct).ConfigureAwait(false);
        }
        using var key = CertificateIssuer.GenerateKey(order.KeyAlgorithm);
        var finalized = await client.FinalizeAsync((string?)placed["finalize"] ?? throw new AcmeException("The order names no finalize URL."), Csr(order, key), ct).ConfigureAwait(false);
        var done = await UntilAsync(client, orderUrl, finalized, "order", ct).ConfigureAwait(false);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await client.CertificateAsync((string?)done["certificate"] ?? throw new AcmeException("The valid order names no certificate."), ct).ConfigureAwait(false));
        try
        {
            if (chain.Count == 0 || !chain[0].PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new AcmeException("The ACME server's certificate is not for the key of the CSR.");
            }
            return new ManagedKeys.AcmeIssued(order.Replaces, Convert.ToBase64String(key.ExportPkcs8PrivateKey()), Convert.ToBase64String(CmsCertificates.CreateDegenerate([.. chain])));
        }
        finally
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>Validates one authorization by HTTP-01 (or DNS-01 with <paramref name="dns"/>), unless it is valid already.</summary>
    private async Task AuthorizeAsync(AcmeClient client, string url, JsonObject? dns, CancellationToken ct)
    {
        var authorization = await client.GetAsync(url, ct).ConfigureAwait(false);
        if ((string?)authorization["status"] == "valid")
        {
            return;
        }
        var identifier = (string?)authorization["identifier"]?["value"] ?? "";
        var type = dns is null ? "http-01" : "dns-01";
        var challenge = (authorization["challenges"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type)
            ?? throw new AcmeException($"The ACME server offers no {type} challenge for {identifier}.");
        var token = (string?)challenge["token"] ?? throw new AcmeException($"The {type} challenge has no token.");
        var keyAuthorization = client.KeyAuthorization(token);
        if (dns is null)
        {
            challenges.Add(token, keyAuthorization);
        }
        var record = dns is null ? null : await PublishAsync(dns, identifier, keyAuthorization, delete: false, ct).ConfigureAwait(false);
        try
        {
            await client.RespondAsync((string)challenge["url"]!, ct).ConfigureAwait(false);
            await UntilAsync(client, url, authorization, $"the authorization of {identifier}", ct).ConfigureAwait(false);
        }
        finally
        {
            challenges.Remove(token);
            if (record is not null)
            {
                // Withdrawn even when the validation failed; a failure to withdraw leaves a harmless TXT record.
                try
                {
                    await PublishAsync(dns!, identifier, keyAuthorization, delete: true, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AcmeException or SocketException or IOException)
                {
                    // The order's outcome stands; the next one replaces nothing it needs.
                }
            }
        }
    }

    /// <summary>Adds (or deletes) the DNS-01 TXT record of <paramref name="identifier"/> in the zone of <paramref name="dns"/>; returns its name.</summary>
    private async Task<string> PublishAsync(JsonObject dns, string identifier, string keyAuthorization, bool delete, CancellationToken ct)
    {
        if (System.Net.IPAddress.TryParse(identifier, out _))
        {
            throw new AcmeException($"{identifier} is an IP address, which DNS-01 cannot validate (use HTTP-01: an account without dns-01).");
        }
        var keyName = (string)dns["tsig-key"]!;
        var key = tsigKeys.GetValueOrDefault(keyName) ?? throw new InvalidOperationException($"There is no TSIG key \"{keyName}\" in SZTPD_TSIG_KEYS_FILE.");
        var name = "_acme-challenge." + (identifier.StartsWith("*.", StringComparison.Ordinal) ? identifier[2..] : identifier);
        var value = Jws.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(keyAuthorization)));
        var server = new IPEndPoint(IPAddress.Parse((string)dns["server"]!), (int?)dns["port"] ?? 53);
        await DnsUpdate.SendAsync(server, (string)dns["zone"]!, name, value, key, delete, pacing.GetUtcNow(), ct).ConfigureAwait(false);
        return name;
    }

    /// <summary>Polls <paramref name="url"/> until its status is <c>valid</c> (returned) or <c>invalid</c> (thrown), more slowly each time.</summary>
    private async Task<JsonObject> UntilAsync(AcmeClient client, string url, JsonObject current, string what, CancellationToken ct)
    {
        var wait = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            switch ((string?)current["status"])
            {
                case "valid":
                    return current;
                case "invalid" or "deactivated" or "expired" or "revoked":
                    var problem = (current["challenges"] as JsonArray ?? []).OfType<JsonObject>().Select(c => (string?)c["error"]?["detail"]).FirstOrDefault(d => d is not null)
                        ?? (string?)current["error"]?["detail"];
                    throw new AcmeException($"{what} is {(string?)current["status"]}{(problem is null ? "" : $": {problem}")}");
            }
            await Task.Delay(wait, pacing, ct).ConfigureAwait(false);
            wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 5000));
            current = await client.GetAsync(url, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A PKCS #10 request for <paramref name="key"/>, with the declared subject and names.</summary>
    private static byte[] Csr(ManagedKeys.AcmeOrder order, AsymmetricAlgorithm key)
    {
        var request = key is ECDsa ec
            ? new CertificateRequest(order.Subject, ec, ec.KeySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256)
            : new CertificateRequest(order.Subject, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in order.DnsNames)
        {
            names.AddDnsName(dns);
        }
        foreach (var ip in order.IpAddresses)
        {
            names.AddIpAddress(IPAddress.Parse(ip));
        }
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSigningRequest();
    }

    /// <summary>The private key of keystore key <paramref name="name"/>, which signs the account's requests.</summary>
    private static AsymmetricAlgorithm AccountKey(JsonObject config, string name)
    {
        var key = (config["wn-sztpd-1:keystore"]?["asymmetric-keys"]?["asymmetric-key"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(k => (string?)k["name"] == name);
        if ((string?)key?["public-key"] is not { } spki || (string?)key["cleartext-private-key"] is not { } der)
        {
            throw new InvalidOperationException($"The ACME account key, asymmetric-key \"{name}\", holds no key pair.");
        }
        return PrivateKeys.ReadFor(Convert.FromBase64String(spki), (string?)key["private-key-format"] ?? "", Convert.FromBase64String(der), out var error)
            ?? throw new InvalidOperationException($"The ACME account key, asymmetric-key \"{name}\", cannot be read: {error}");
    }
}
