using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Sztpd.Storage.Sql;

namespace Sztpd.Storage.Sqlite;

/// <summary>
/// SQLite has one writer. Transactions and auto-committed writes take <see cref="_gate"/> and run on one connection
/// kept open for the store's lifetime, with its compiled statements (<see cref="StatementCache"/>); a file database
/// (WAL) reads concurrently with the writer on read connections that are kept open too, each with its own compiled
/// statements, and lent to one read at a time. An in-memory database lives in that one connection, so every
/// operation takes the gate.
/// Store operations made by the flow (async context) that holds the open transaction run inside that
/// transaction rather than waiting for it (which would deadlock): writes on both kinds, reads in memory.
/// </summary>
internal sealed class SqliteConnections : ConnectionProvider
{
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(60);
    private const int BusyTimeoutMs = 30_000;

    /// <summary>Idle read connections kept open: as many as reads ran at once, up to this; more are closed after their read.</summary>
    private const int MaxIdleReaders = 16;

    private readonly string _connectionString;
    private readonly SqliteConnection? _memory;
    private readonly StatementCache _statements = new();
    private readonly ConcurrentQueue<Reader> _readers = new(); // not a ConcurrentBag: its Count takes every thread's lock
    private volatile bool _disposed;
    private SqliteConnection? _writer; // a file database's writer, opened under the gate on first use
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AsyncLocal<object?> _flow = new();
    private volatile ActiveTransaction? _active;

    private SqliteConnections(string connectionString, SqliteConnection? memory)
    {
        _connectionString = connectionString;
        _memory = memory;
    }

    public static async Task<SqliteConnections> OpenAsync(string connectionString, bool inMemory, CancellationToken ct)
    {
        SqliteConnection? memory = null;
        if (inMemory)
        {
            memory = new SqliteConnection(connectionString);
            await memory.OpenAsync(ct).ConfigureAwait(false);
        }

        return new SqliteConnections(connectionString, memory);
    }

    public override ValueTask<ConnectionLease> ReadAsync(CancellationToken ct) =>
        _memory is null ? ReaderAsync(ct) : WriteAsync(ct);

    public override async ValueTask<ConnectionLease> WriteAsync(CancellationToken ct)
    {
        if (OwnedTransaction() is { } owned)
        {
            await owned.CommandLock.WaitAsync(ct).ConfigureAwait(false);
            return new ConnectionLease(owned.Connection, owned.Transaction, () =>
            {
                owned.CommandLock.Release();
                return ValueTask.CompletedTask;
            }, owned.Statements);
        }

        await EnterGateAsync(ct).ConfigureAwait(false);
        try
        {
            return new ConnectionLease(await WriterAsync(ct).ConfigureAwait(false), null, ReleaseGate, _statements);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    /// <summary>The writer's connection; called under the gate.</summary>
    private async ValueTask<SqliteConnection> WriterAsync(CancellationToken ct) =>
        _memory ?? (_writer ??= await OpenAsync(ct).ConfigureAwait(false));

    public override bool CallerOwnsTransaction => OwnedTransaction() is not null;

    public override Task<ConnectionLease> BeginAsync(CancellationToken ct)
    {
        var owner = new object();
        _flow.Value = owner;
        return BeginCoreAsync(owner, ct);
    }

    public override async ValueTask DisposeAsync()
    {
        _disposed = true;
        await CloseIdleReadersAsync().ConfigureAwait(false);
        _statements.Dispose();
        if (_memory is not null)
        {
            await _memory.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
            }
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }

        _gate.Dispose();
    }

    private async Task<ConnectionLease> BeginCoreAsync(object owner, CancellationToken ct)
    {
        await EnterGateAsync(ct).ConfigureAwait(false);
        try
        {
            var connection = await WriterAsync(ct).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var lease = new ConnectionLease(connection, transaction, async () =>
            {
                _active = null;
                await transaction.DisposeAsync().ConfigureAwait(false);
                _gate.Release();
            }, _statements);
            _active = new ActiveTransaction(owner, lease);
            return lease;
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    private ConnectionLease? OwnedTransaction()
    {
        var active = _active;
        return active is not null && _flow.Value is { } flow && ReferenceEquals(active.Owner, flow) ? active.Lease : null;
    }

    private async Task EnterGateAsync(CancellationToken ct)
    {
        if (!await _gate.WaitAsync(GateTimeout, ct).ConfigureAwait(false))
        {
            throw new DataStoreException(
                $"Timed out after {GateTimeout.TotalSeconds:0} s waiting for the SQLite database, which another transaction still holds.");
        }
    }

    private ValueTask ReleaseGate()
    {
        _gate.Release();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<ConnectionLease> ReaderAsync(CancellationToken ct)
    {
        var reader = _readers.TryDequeue(out var idle) ? idle : new Reader(await OpenAsync(ct).ConfigureAwait(false), new StatementCache());
        return new ConnectionLease(reader.Connection, null, () => GiveBackAsync(reader), reader.Statements);
    }

    private async ValueTask GiveBackAsync(Reader reader)
    {
        if (_readers.Count >= MaxIdleReaders)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            return;
        }
        _readers.Enqueue(reader);
        if (_disposed)
        {
            await CloseIdleReadersAsync().ConfigureAwait(false); // given back while the store closed
        }
    }

    private async ValueTask CloseIdleReadersAsync()
    {
        while (_readers.TryDequeue(out var reader))
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            // SQLite waits for another process's lock itself, finer than Microsoft.Data.Sqlite's own retry loop (a plain call, no statement).
            SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, BusyTimeoutMs);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed record ActiveTransaction(object Owner, ConnectionLease Lease);

    private sealed record Reader(SqliteConnection Connection, StatementCache Statements) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Statements.Dispose();
            return Connection.DisposeAsync();
        }
    }
}
