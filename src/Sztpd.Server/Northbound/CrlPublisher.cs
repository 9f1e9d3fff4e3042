using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using Sztpd.Core.Certificates;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Storage;
using Sztpd.Pki.Certificates;

namespace Sztpd.Server.Northbound;

/// <summary>
/// Publishes the CRL of every CA key with a <c>crl-distribution-point</c> (docs/certificates.md) at its
/// <see cref="CrlPath"/>, on every listener, unauthenticated and not audited (relying parties fetch it often; it is
/// public). A CRL is valid for <see cref="Validity"/>; it is rebuilt when half of that has passed, when its CA's
/// certificate or the configuration changed, and after a revocation; its number only grows.
/// </summary>
internal sealed class CrlPublisher(ServerState state, TimeProvider time)
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<string, Published> _published = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BigInteger> _numbers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    private sealed record Published(KeystoreKey Source, DateTimeOffset ThisUpdate, byte[] Der);

    /// <summary>Answers a GET or HEAD of a CRL path (200 with the DER CRL, or 404); false for any other request.</summary>
    public async Task<bool> TryAnswerAsync(HttpContext ctx, string rawPath)
    {
        if (!rawPath.StartsWith(CrlPath.Root, StringComparison.Ordinal) || !(HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method)))
        {
            return false;
        }
        var crl = CrlPath.Parse(rawPath) is { } at ? await CurrentAsync(at.Tenant, at.Key, ctx.RequestAborted).ConfigureAwait(false) : null;
        ctx.Response.Headers.CacheControl = "no-cache";
        if (crl is null)
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            await ctx.Response.WriteAsync("No CRL is published at this path.\n").ConfigureAwait(false);
            return true;
        }
        ctx.Response.ContentType = "application/pkix-crl";
        ctx.Response.ContentLength = crl.Length;
        await ctx.Response.Body.WriteAsync(crl, ctx.RequestAborted).ConfigureAwait(false);
        return true;
    }

    /// <summary>Makes the next request for the CRL of <paramref name="key"/> (of <paramref name="tenant"/>; null: the host's) build it anew.</summary>
    public void Invalidate(string? tenant, string key)
    {
        // A rebuild that read the revocations before this one must not put its CRL back (see CurrentAsync).
        _generations.AddOrUpdate(Id(tenant, key), 1, (_, g) => g + 1);
        _published.TryRemove(Id(tenant, key), out _);
    }

    /// <summary>The current DER CRL of a CA key, or null when that key publishes none.</summary>
    public async Task<byte[]?> CurrentAsync(string? tenant, string key, CancellationToken ct)
    {
        if (tenant is null)
        {
            return await CurrentAsync(null, key, state.Datastore, state.Datastore.Store, ct).ConfigureAwait(false);
        }
        if (state.Tenants?.Find(tenant) is not { } owner || !owner.TryEnter())
        {
            return null;
        }
        try
        {
            return await CurrentAsync(tenant, key, owner.Datastore, owner.Store, ct).ConfigureAwait(false);
        }
        finally
        {
            owner.Exit();
        }
    }

    private async Task<byte[]?> CurrentAsync(string? tenant, string key, RunningDatastore datastore, IDataStore store, CancellationToken ct)
    {
        var config = ConfigurationMapper.Map(datastore.Running);
        if (!config.Keystore.Keys.TryGetValue(key, out var source) || source.CrlDistributionPoint is null || source.CertificateAuthorities.Count != 1)
        {
            return null;
        }
        var id = Id(tenant, key);
        var now = time.GetUtcNow();
        if (_published.TryGetValue(id, out var published) && ReferenceEquals(published.Source, source) && now < published.ThisUpdate + Validity / 2)
        {
            return published.Der;
        }
        if (config.Keystore.Read(new KeystoreReference(key, source.CertificateAuthorities.First()), out _) is not { } ca)
        {
            return null;
        }
        using (ca.Key)
        using (ca.EndEntity)
        {
            var generation = _generations.GetValueOrDefault(id);
            var revoked = await store.Certificates.ReadRevokedAsync("", key, now, ct).ConfigureAwait(false);
            var number = _numbers.AddOrUpdate(id, _ => now.ToUnixTimeMilliseconds(), (_, last) => BigInteger.Max(last + 1, now.ToUnixTimeMilliseconds()));
            byte[] der;
            try
            {
                der = RevocationList.Build(ca.EndEntity, ca.Key, revoked, number, now, now + Validity);
            }
            catch (CryptographicException)
            {
                return null; // a CA certificate the BCL cannot sign a CRL for publishes none
            }
            if (_generations.GetValueOrDefault(id) == generation)
            {
                _published[id] = new Published(source, now, der);
            }
            return der;
        }
    }

    private static string Id(string? tenant, string key) => CrlPath.Of(tenant, key);
}
