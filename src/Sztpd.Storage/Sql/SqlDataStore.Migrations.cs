using System.Globalization;

namespace Sztpd.Storage.Sql;

internal sealed partial class SqlDataStore
{
    /// <summary>The newest schema version this build knows.</summary>
    internal int LatestSchemaVersion => dialect.Migrations.Max(m => m.Version);

    /// <summary>
    /// Creates schema_version if missing and applies the migrations newer than the recorded version, in one
    /// transaction (MySQL commits DDL implicitly, so its scripts are written to be re-runnable) under a schema lock.
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var lease = await connections.BeginAsync(ct).ConfigureAwait(false);
        var transaction = lease.Transaction!;
        await dialect.LockSchemaAsync(lease.Connection, transaction, ct).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(lease, dialect.SchemaVersionTable, ct).ConfigureAwait(false);
            var current = await ReadSchemaVersionAsync(lease, ct).ConfigureAwait(false);
            if (current > LatestSchemaVersion)
            {
                throw new DataStoreException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The database schema version {current} is newer than this sztpd supports ({LatestSchemaVersion}); upgrade sztpd."));
            }

            foreach (var migration in dialect.Migrations.Where(m => m.Version > current).OrderBy(m => m.Version))
            {
                foreach (var statement in migration.Statements)
                {
                    await ExecuteAsync(lease, statement, ct).ConfigureAwait(false);
                }

                await using var record = lease.Command(
                        "INSERT INTO schema_version (version, description, applied) VALUES (@version, @description, @applied)")
                    .With("@version", migration.Version)
                    .With("@description", migration.Description)
                    .With("@applied", dialect.ToDb(DateTimeOffset.UtcNow));
                await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await dialect.UnlockSchemaAsync(lease.Connection, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The applied schema version (0 when none).</summary>
    internal async Task<int> GetSchemaVersionAsync(CancellationToken ct)
    {
        await using var lease = await connections.ReadAsync(ct).ConfigureAwait(false);
        return await ReadSchemaVersionAsync(lease, ct).ConfigureAwait(false);
    }

    private static async Task<int> ReadSchemaVersionAsync(ConnectionLease lease, CancellationToken ct)
    {
        await using var command = lease.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version");
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(ConnectionLease lease, string sql, CancellationToken ct)
    {
        await using var command = lease.Command(sql);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
