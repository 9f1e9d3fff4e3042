namespace Sztpd.Core.Storage;

/// <summary>
/// The certificates sztpd issued (docs/certificates.md): each managed key's, added in the commit that installs it, and
/// each device's from its CSR, added before the device receives it; and their revocations, which the CRL of their
/// issuer lists. An issuer is the keystore key of the CA that signed. Everything is kept per scope: "" for the host's
/// keystore, a tenant's store puts its own under its prefix (as its logs), so each reads only its own.
/// </summary>
public interface ICertificateStore
{
    /// <summary>Adds an issued certificate, in its own commit.</summary>
    Task AddAsync(CertificateAppend certificate, CancellationToken ct = default);

    /// <summary>
    /// The certificates of <paramref name="scope"/> (of <paramref name="issuer"/> only, when given), by id, after
    /// skipping <paramref name="offset"/>, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<StoredCertificate>> ReadAsync(string scope, string? issuer, long offset, int limit, bool newestFirst = false, CancellationToken ct = default);

    /// <summary>The certificate <paramref name="issuer"/> issued with <paramref name="serial"/> (lowercase hexadecimal), if any.</summary>
    Task<StoredCertificate?> FindAsync(string scope, string issuer, string serial, CancellationToken ct = default);

    /// <summary>
    /// Revokes a certificate at <paramref name="when"/> for <paramref name="reason"/> (a <c>revoke-certificate</c>
    /// reason); returns it as it now is, or null when <paramref name="issuer"/> never issued <paramref name="serial"/>.
    /// A certificate already revoked keeps its first revocation.
    /// </summary>
    Task<StoredCertificate?> RevokeAsync(string scope, string issuer, string serial, DateTimeOffset when, string reason, CancellationToken ct = default);

    /// <summary>How many certificates issued to <paramref name="holder"/> in <paramref name="scope"/>, revoked or not, expire after <paramref name="expiringAfter"/>.</summary>
    Task<long> CountAsync(string scope, string holder, DateTimeOffset expiringAfter, CancellationToken ct = default);

    /// <summary>
    /// Deletes the records of certificates that expired before <paramref name="expiredBefore"/>, in every scope, at most
    /// <see cref="IDataStore.PruneBatch"/> per commit; returns how many.
    /// </summary>
    Task<long> PruneExpiredAsync(DateTimeOffset expiredBefore, CancellationToken ct = default);

    /// <summary>
    /// The revoked certificates of <paramref name="issuer"/> that expire after <paramref name="expiringAfter"/> (a CRL's
    /// entries), by id: only what a CRL lists of each, so that a long CRL reads no certificates.
    /// </summary>
    Task<IReadOnlyList<Pki.Certificates.RevocationList.Entry>> ReadRevokedAsync(string scope, string issuer, DateTimeOffset expiringAfter, CancellationToken ct = default);
}

/// <summary>
/// A certificate to record: its scope ("" for the host's), who issued it (the CA's keystore key), its serial number
/// (lowercase hexadecimal), who holds it, and the certificate (base64 DER).
/// </summary>
public sealed record CertificateAppend(string Scope, string Issuer, string Serial, string Holder, string Subject, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Der);

/// <summary>A recorded certificate, and its revocation if it was revoked.</summary>
public sealed record StoredCertificate(long Id, string Issuer, string Serial, string Holder, string Subject, DateTimeOffset NotBefore, DateTimeOffset NotAfter,
    string Der, DateTimeOffset? Revoked, string? Reason);
