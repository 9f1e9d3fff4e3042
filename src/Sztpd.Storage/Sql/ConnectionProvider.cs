namespace Sztpd.Storage.Sql;

/// <summary>How a store gets connections: pooled per operation (PostgreSQL, MySQL) or gated (SQLite's single writer).</summary>
internal abstract class ConnectionProvider : IAsyncDisposable
{
    public abstract ValueTask<ConnectionLease> ReadAsync(CancellationToken ct);

    /// <summary>A connection for one auto-committed write outside any <see cref="Core.Storage.IStoreTransaction"/>.</summary>
    public abstract ValueTask<ConnectionLease> WriteAsync(CancellationToken ct);

    /// <summary>
    /// Opens a connection and begins a transaction. Implementations that track the calling flow must set their
    /// <see cref="AsyncLocal{T}"/> before the first await (this method is called synchronously by the store).
    /// </summary>
    public abstract Task<ConnectionLease> BeginAsync(CancellationToken ct);

    /// <summary>
    /// True when the calling flow holds an open transaction whose lock a queued write would wait for (SQLite's single
    /// writer): its writes must run inside that transaction, not through <see cref="GroupCommit"/>.
    /// </summary>
    public virtual bool CallerOwnsTransaction => false;

    public abstract ValueTask DisposeAsync();
}
