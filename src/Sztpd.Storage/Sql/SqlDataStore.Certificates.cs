using System.Data.Common;
using Sztpd.Core.Storage;
using Sztpd.Pki.Certificates;

namespace Sztpd.Storage.Sql;

internal sealed partial class SqlDataStore : ICertificateStore
{
    private const string CertificateColumns = "id, issuer, serial, holder, subject, not_before, not_after, der, revoked, reason";

    public ICertificateStore Certificates => this;

    public Task AddAsync(CertificateAppend certificate, CancellationToken ct = default) =>
        CommitAsync(async (lease, token) =>
        {
            await InsertCertificateAsync(dialect, lease, certificate, token).ConfigureAwait(false);
            return 0;
        }, ct);

    /// <summary>Records <paramref name="certificate"/> in <paramref name="lease"/>'s transaction.</summary>
    internal static async Task InsertCertificateAsync(SqlDialect dialect, ConnectionLease lease, CertificateAppend certificate, CancellationToken ct)
    {
        await using var command = lease.Command("""
            INSERT INTO issued_certificate (scope, issuer, serial, holder, subject, not_before, not_after, der)
            VALUES (@scope, @issuer, @serial, @holder, @subject, @not_before, @not_after, @der)
            """).With("@scope", certificate.Scope).With("@issuer", certificate.Issuer).With("@serial", certificate.Serial)
            .With("@holder", certificate.Holder).With("@subject", certificate.Subject).With("@not_before", dialect.ToDb(certificate.NotBefore))
            .With("@not_after", dialect.ToDb(certificate.NotAfter)).With("@der", certificate.Der);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredCertificate>> ReadAsync(string scope, string? issuer, long offset, int limit, bool newestFirst = false, CancellationToken ct = default) =>
        await QueryAsync($"""
            SELECT {CertificateColumns} FROM issued_certificate WHERE scope = @scope{(issuer is null ? "" : " AND issuer = @issuer")}
            ORDER BY id {(newestFirst ? "DESC" : "")} LIMIT @limit OFFSET @offset
            """, c =>
            {
                c.With("@scope", scope).With("@limit", limit).With("@offset", offset);
                if (issuer is not null)
                {
                    c.With("@issuer", issuer);
                }
            }, ReadCertificate, ct).ConfigureAwait(false);

    public async Task<StoredCertificate?> FindAsync(string scope, string issuer, string serial, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {CertificateColumns} FROM issued_certificate WHERE scope = @scope AND issuer = @issuer AND serial = @serial",
            c => c.With("@scope", scope).With("@issuer", issuer).With("@serial", serial), ReadCertificate, ct).ConfigureAwait(false)).FirstOrDefault();

    public async Task<StoredCertificate?> RevokeAsync(string scope, string issuer, string serial, DateTimeOffset when, string reason, CancellationToken ct = default)
    {
        await CommitAsync(async (lease, token) =>
        {
            await using var command = lease.Command("""
                UPDATE issued_certificate SET revoked = @when, reason = @reason
                WHERE scope = @scope AND issuer = @issuer AND serial = @serial AND revoked IS NULL
                """).With("@when", dialect.ToDb(when)).With("@reason", reason).With("@scope", scope).With("@issuer", issuer).With("@serial", serial);
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        return await FindAsync(scope, issuer, serial, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RevocationList.Entry>> ReadRevokedAsync(string scope, string issuer, DateTimeOffset expiringAfter, CancellationToken ct = default) =>
        await QueryAsync("""
            SELECT serial, revoked, reason FROM issued_certificate
            WHERE scope = @scope AND issuer = @issuer AND revoked IS NOT NULL AND not_after > @after ORDER BY id
            """, c => c.With("@scope", scope).With("@issuer", issuer).With("@after", dialect.ToDb(expiringAfter)),
            r => new RevocationList.Entry(r.GetString(0), dialect.ReadTimestamp(r, 1), r.IsDBNull(2) ? "unspecified" : r.GetString(2)), ct).ConfigureAwait(false);

    public async Task<long> CountAsync(string scope, string holder, DateTimeOffset expiringAfter, CancellationToken ct = default) =>
        (await QueryAsync("SELECT COUNT(*) FROM issued_certificate WHERE scope = @scope AND holder = @holder AND not_after > @after",
            c => c.With("@scope", scope).With("@holder", holder).With("@after", dialect.ToDb(expiringAfter)), r => r.GetInt64(0), ct).ConfigureAwait(false))[0];

    public async Task<long> PruneExpiredAsync(DateTimeOffset expiredBefore, CancellationToken ct = default)
    {
        var done = 0L;
        while (true)
        {
            var ids = await QueryAsync("SELECT id FROM issued_certificate WHERE not_after < @cut ORDER BY id LIMIT @batch",
                c => c.With("@cut", dialect.ToDb(expiredBefore)).With("@batch", IDataStore.PruneBatch), r => r.GetInt64(0), ct).ConfigureAwait(false);
            if (ids.Count == 0)
            {
                return done;
            }
            done += await CommitAsync(async (lease, token) =>
            {
                await using var command = lease.Command($"DELETE FROM issued_certificate WHERE id IN ({DbCommandExtensions.Placeholders("i", ids.Count)})").WithEach("i", ids);
                return (long)await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
    }

    private StoredCertificate ReadCertificate(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        dialect.ReadTimestamp(r, 5), dialect.ReadTimestamp(r, 6), r.GetString(7), r.IsDBNull(8) ? null : dialect.ReadTimestamp(r, 8), r.IsDBNull(9) ? null : r.GetString(9));
}
