namespace Sztpd.Core.Storage;

/// <summary>
/// The durable outbox (architecture.md: everything sent out goes through it): messages are added in the commit of the
/// event that causes them (<see cref="IDataStore.RecordAccessAsync"/>), and a worker delivers those due, oldest first
/// and one at a time per <see cref="OutboxAppend.Scope"/> (a device's reports stay in order), until each is delivered
/// (deleted) or has failed for good (kept as <see cref="OutboxState.Dead"/>, readable over RESTCONF).
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Pending messages due at <paramref name="now"/> with no older pending message of their scope, oldest first, at
    /// most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default);

    /// <summary>When the earliest message that <see cref="ReadDueAsync"/> could return is due (the oldest of its scope); null when none is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default);

    /// <summary>Deletes a delivered message.</summary>
    Task DeliveredAsync(long id, CancellationToken ct = default);

    /// <summary>Records a failed attempt: the message stays pending, due again at <paramref name="due"/>.</summary>
    Task RetryAsync(long id, DateTimeOffset due, int attempts, string error, CancellationToken ct = default);

    /// <summary>Gives up on a message: it is kept as dead with its last error, and the next message of its scope may go.</summary>
    Task DeadAsync(long id, int attempts, string error, CancellationToken ct = default);

    /// <summary>
    /// Messages in <paramref name="state"/> (whose target starts with <paramref name="targetPrefix"/>: a tenant's), oldest
    /// first or <paramref name="newestFirst"/>, after skipping <paramref name="offset"/>, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ReadAsync(OutboxState state, long offset, int limit, bool newestFirst = false, string? targetPrefix = null, CancellationToken ct = default);

    /// <summary>Deletes dead messages created before <paramref name="olderThan"/>, at most <see cref="IDataStore.PruneBatch"/> per commit; returns how many.</summary>
    Task<long> PruneDeadAsync(DateTimeOffset olderThan, CancellationToken ct = default);

    /// <summary>How many messages are in <paramref name="state"/> (whose target starts with <paramref name="targetPrefix"/>).</summary>
    Task<long> CountAsync(OutboxState state, string? targetPrefix = null, CancellationToken ct = default);

    /// <summary>
    /// Makes dead messages pending again, due at <paramref name="now"/> with no attempts yet; <paramref name="ids"/> null:
    /// all, at most <see cref="IDataStore.PruneBatch"/> per commit. Returns how many.
    /// </summary>
    Task<long> ReviveDeadAsync(IReadOnlyCollection<long>? ids, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Deletes dead messages; <paramref name="ids"/> null: all, at most <see cref="IDataStore.PruneBatch"/> per commit. Returns how many.</summary>
    Task<long> DiscardDeadAsync(IReadOnlyCollection<long>? ids, CancellationToken ct = default);
}

public enum OutboxState
{
    Pending,
    Dead,
}

/// <summary>
/// A message to add to the outbox: its ordering <paramref name="Scope"/> (a serial number), its <paramref name="Kind"/>
/// (e.g. <c>relay-progress</c>), its <paramref name="Target"/> (e.g. the callout's name) and what to send.
/// </summary>
public sealed record OutboxAppend(string Scope, string Kind, string Target, DateTimeOffset Created, string Json)
{
    /// <summary>
    /// With it, the oldest pending messages of the scope beyond that many are given up (kept as dead, "too many
    /// pending") in the same commit: one device cannot fill the database while a receiver is down.
    /// </summary>
    public long? KeepPendingPerScope { get; init; }
}

/// <summary>A stored outbox message; its <see cref="Id"/> is also the receiver's idempotency key.</summary>
public sealed record OutboxMessage(long Id, string Scope, string Kind, string Target, DateTimeOffset Created, DateTimeOffset Due, int Attempts, string? LastError, string Json);
