using System.Threading.Channels;

namespace Sztpd.Storage.Sql;

/// <summary>
/// Group commit for the small writes every device request makes (access statistics, bootstrapping-log and audit-log
/// entries): one writer takes whatever writes are queued when it gets to them and commits them in one transaction,
/// so concurrent requests share a commit (and its fsync) instead of queueing for one each. A caller's task completes
/// once its write is committed. When a batch fails, its writes are retried one by one, so one bad write fails only
/// its own caller. Cancelling a caller stops its wait, not its write.
/// </summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>One write (one or more statements, committed together) on a leased connection; returns what the caller gets (an inserted id, or 0).</summary>
    public delegate Task<long> Write(ConnectionLease lease, CancellationToken ct);

    private const int MaxBatch = 256;

    private readonly ConnectionProvider _connections;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _commits;

    public GroupCommit(ConnectionProvider connections)
    {
        _connections = connections;
        _writer = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far (tests: concurrent writes share them).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public Task<long> WriteAsync(Write write, CancellationToken ct)
    {
        var pending = new Pending(write, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommit), "The data store is closed.");
        }

        return pending.Done.Task.WaitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count == 1 || !await TryTogetherAsync(batch).ConfigureAwait(false))
            {
                foreach (var pending in batch)
                {
                    await AloneAsync(pending).ConfigureAwait(false);
                }
            }

            batch.Clear();
        }
    }

    private async Task<bool> TryTogetherAsync(List<Pending> batch)
    {
        try
        {
            await CommitAsync(batch).ConfigureAwait(false);
            return true;
        }
#pragma warning disable CA1031 // any failure of the batch: each write is retried alone and fails only its caller
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private async Task AloneAsync(Pending pending)
    {
        try
        {
            await CommitAsync([pending]).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // handed to the caller
        catch (Exception e)
#pragma warning restore CA1031
        {
            pending.Done.TrySetException(e);
        }
    }

    /// <summary>The writes in one transaction (a write may be several statements); their callers get their results once it commits.</summary>
    private async Task CommitAsync(IReadOnlyList<Pending> writes)
    {
        var results = new long[writes.Count];
        await using (var lease = await _connections.BeginAsync(CancellationToken.None).ConfigureAwait(false))
        {
            for (var i = 0; i < writes.Count; i++)
            {
                results[i] = await writes[i].Write(lease, CancellationToken.None).ConfigureAwait(false);
            }

            await lease.Transaction!.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _commits);
        StorageMetrics.BatchCommitted(writes.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            writes[i].Done.TrySetResult(results[i]);
        }
    }

    private sealed record Pending(Write Write, TaskCompletionSource<long> Done);
}
