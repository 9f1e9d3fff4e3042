using Sztpd.Core.Storage;

namespace Sztpd.Storage.Tests.Contract;

/// <summary>The durable outbox (<see cref="IOutboxStore"/>): added with the request's log entries, delivered in order per scope.</summary>
public abstract partial class DataStoreContractTests
{
    private static OutboxAppend Message(string scope, int n, DateTimeOffset? created = null) =>
        new(scope, "relay-progress", "relay", created ?? T0, $$"""{"n":{{n}}}""");

    private async Task AddAsync(IDataStore store, params OutboxAppend[] messages)
    {
        await UpsertAsync(store, Devices, "SN-1", "{}", T0);
        await store.RecordAccessAsync(Devices, "SN-1", T0, [new LogAppend("bootstrapping", "SN-1", T0, "{}")], messages, Ct);
    }

    [Fact]
    public async Task Outbox_DueMessages_AreTheOldestOfEachScope_TheNextComingWhenOneIsDelivered()
    {
        await using var store = await OpenNewAsync();
        await AddAsync(store, Message("SN-1", 1), Message("SN-2", 1), Message("SN-1", 2));

        var due = await store.Outbox.ReadDueAsync(T0, 10, Ct);

        Assert.Equal(["SN-1 {\"n\":1}", "SN-2 {\"n\":1}"], due.Select(m => $"{m.Scope} {m.Json}"));
        Assert.Equal(("relay-progress", "relay", T0, T0, 0, (string?)null), (due[0].Kind, due[0].Target, due[0].Created, due[0].Due, due[0].Attempts, due[0].LastError));
        await store.Outbox.DeliveredAsync(due[0].Id, Ct);
        Assert.Equal(["SN-2 {\"n\":1}", "SN-1 {\"n\":2}"], (await store.Outbox.ReadDueAsync(T0, 10, Ct)).Select(m => $"{m.Scope} {m.Json}"));
        Assert.Single(await store.Outbox.ReadDueAsync(T0, 1, Ct));
        Assert.Empty(await store.Outbox.ReadDueAsync(T0.AddSeconds(-1), 10, Ct));
    }

    [Fact]
    public async Task Outbox_ARetriedMessage_WaitsUntilDue_AndHoldsBackItsScope()
    {
        await using var store = await OpenNewAsync();
        await AddAsync(store, Message("SN-1", 1), Message("SN-1", 2), Message("SN-2", 1));
        var first = (await store.Outbox.ReadDueAsync(T0, 10, Ct))[0];

        await store.Outbox.RetryAsync(first.Id, T0.AddMinutes(1), 1, "receiver down", Ct);

        Assert.Equal(["SN-2"], (await store.Outbox.ReadDueAsync(T0.AddSeconds(59), 10, Ct)).Select(m => m.Scope));
        var again = (await store.Outbox.ReadDueAsync(T0.AddMinutes(1), 10, Ct))[0];
        Assert.Equal((first.Id, T0.AddMinutes(1), 1, "receiver down"), (again.Id, again.Due, again.Attempts, again.LastError));
        Assert.Equal(3, await store.Outbox.CountAsync(OutboxState.Pending, ct: Ct));
    }

    /// <summary>The next due time is that of a message that could go: not one waiting behind its scope's retried oldest.</summary>
    [Fact]
    public async Task Outbox_NextDue_IsTheEarliestOfTheScopesOldest()
    {
        await using var store = await OpenNewAsync();
        Assert.Null(await store.Outbox.NextDueAsync(Ct));
        await AddAsync(store, Message("SN-1", 1), Message("SN-1", 2));
        var first = (await store.Outbox.ReadDueAsync(T0, 10, Ct))[0];

        await store.Outbox.RetryAsync(first.Id, T0.AddMinutes(5), 1, "down", Ct);

        Assert.Equal(T0.AddMinutes(5), await store.Outbox.NextDueAsync(Ct));
    }

    [Fact]
    public async Task Outbox_ADeadMessage_IsKept_AndLetsItsScopeGoOn()
    {
        await using var store = await OpenNewAsync();
        await AddAsync(store, Message("SN-1", 1), Message("SN-1", 2));
        var first = (await store.Outbox.ReadDueAsync(T0, 10, Ct))[0];

        await store.Outbox.DeadAsync(first.Id, 25, "gave up", Ct);

        Assert.Equal(["{\"n\":2}"], (await store.Outbox.ReadDueAsync(T0, 10, Ct)).Select(m => m.Json));
        var dead = Assert.Single(await store.Outbox.ReadAsync(OutboxState.Dead, 0, 10, ct: Ct));
        Assert.Equal((first.Id, 25, "gave up"), (dead.Id, dead.Attempts, dead.LastError));
        Assert.Equal((1L, 1L), (await store.Outbox.CountAsync(OutboxState.Dead, ct: Ct), await store.Outbox.CountAsync(OutboxState.Pending, ct: Ct)));
        Assert.Empty(await store.Outbox.ReadAsync(OutboxState.Dead, 1, 10, ct: Ct));
    }

    /// <summary>One device cannot fill the outbox: beyond its cap, its oldest pending messages are given up in the commit that adds a new one.</summary>
    [Fact]
    public async Task Outbox_BeyondAScopesCap_ItsOldestPendingAreGivenUp()
    {
        await using var store = await OpenNewAsync();
        await AddAsync(store, Message("SN-2", 0));
        for (var n = 1; n <= 3; n++)
        {
            await store.RecordAccessAsync(Devices, "SN-1", T0, [], [Message("SN-1", n) with { KeepPendingPerScope = 2 }], Ct);
        }

        var dead = Assert.Single(await store.Outbox.ReadAsync(OutboxState.Dead, 0, 10, ct: Ct));
        Assert.Equal(("{\"n\":1}", "given up: more than 2 messages of this device were waiting."), (dead.Json, dead.LastError));
        Assert.Equal(3, await store.Outbox.CountAsync(OutboxState.Pending, ct: Ct));
        Assert.Equal(["{\"n\":2}", "{\"n\":3}"], (await store.Outbox.ReadAsync(OutboxState.Pending, 0, 10, ct: Ct)).Where(m => m.Scope == "SN-1").Select(m => m.Json));
    }

    [Fact]
    public async Task Outbox_PruneDead_DeletesOnlyDeadMessagesCreatedBeforeTheCut()
    {
        await using var store = await OpenNewAsync();
        await AddAsync(store, Message("SN-1", 1), Message("SN-2", 2, T0.AddDays(1)), Message("SN-3", 3));
        var due = await store.Outbox.ReadDueAsync(T0.AddDays(1), 10, Ct);
        await store.Outbox.DeadAsync(due[0].Id, 1, "x", Ct);
        await store.Outbox.DeadAsync(due[1].Id, 1, "x", Ct);

        Assert.Equal(1, await store.Outbox.PruneDeadAsync(T0.AddHours(1), Ct));

        Assert.Equal(["{\"n\":2}"], (await store.Outbox.ReadAsync(OutboxState.Dead, 0, 10, newestFirst: true, ct: Ct)).Select(m => m.Json));
        Assert.Equal(1, await store.Outbox.CountAsync(OutboxState.Pending, ct: Ct));
    }

    /// <summary>A background job's entries and messages (<see cref="IDataStore.AppendAsync"/>) are written together, or not at all.</summary>
    [Fact]
    public async Task Append_WritesEntriesAndMessages_InOneCommit()
    {
        await using var store = await OpenNewAsync();

        await store.AppendAsync([new LogAppend("notification", "", T0, "{\"n\":1}"), new LogAppend("expiry-watch", "", T0, "{}") { KeepPerScope = 1 }], [Message("", 1)], Ct);
        await store.AppendAsync([new LogAppend("expiry-watch", "", T0.AddHours(1), "{}") { KeepPerScope = 1 }], [], Ct);
        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync([new LogAppend("notification", "", T0, null!)], [Message("", 2)], Ct));

        Assert.Equal(["{\"n\":1}"], (await store.ReadLogPageAsync("notification", "", 0, 10, newestFirst: false, Ct)).Select(e => e.Json));
        Assert.Equal(T0.AddHours(1), Assert.Single(await store.ReadLogPageAsync("expiry-watch", "", 0, 10, newestFirst: false, Ct)).Timestamp);
        Assert.Equal(["{\"n\":1}"], (await store.Outbox.ReadAsync(OutboxState.Pending, 0, 10, ct: Ct)).Select(m => m.Json));
    }

    /// <summary>A request whose commit fails adds no outbox message: nothing is sent for what was not recorded.</summary>
    [Fact]
    public async Task Outbox_MessagesOfAFailedCommit_AreNotAdded()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "SN-1", "{}", T0);

        await Assert.ThrowsAnyAsync<Exception>(() => store.RecordAccessAsync(Devices, "SN-1", T0,
            [new LogAppend("bootstrapping", "SN-1", T0, "{}"), new LogAppend("audit", "", T0, null!)], [Message("SN-1", 1)], Ct));

        Assert.Empty(await store.Outbox.ReadDueAsync(T0, 10, Ct));
        Assert.Equal(0, await store.Outbox.CountAsync(OutboxState.Pending, ct: Ct));
    }

    /// <summary>A dead message revived goes before its scope's newer ones again, with a fresh series of attempts.</summary>
    [Fact]
    public async Task Outbox_DeadMessages_CanBeRevivedInOrder_OrDiscarded()
    {
        await using var store = await OpenNewAsync();
        await AddAsync(store, Message("SN-1", 1), Message("SN-1", 2), Message("SN-2", 1), Message("SN-3", 1));
        var heads = await store.Outbox.ReadDueAsync(T0, 10, Ct);
        foreach (var m in heads)
        {
            await store.Outbox.DeadAsync(m.Id, 25, "gone", Ct);
        }

        var revived = await store.Outbox.ReviveDeadAsync([heads[0].Id, 999_999], T0.AddHours(5), Ct);
        var due = await store.Outbox.ReadDueAsync(T0.AddHours(5), 10, Ct);
        var discarded = await store.Outbox.DiscardDeadAsync([heads[1].Id], Ct);
        var all = await store.Outbox.ReviveDeadAsync(null, T0.AddHours(6), Ct);

        Assert.Equal(1, revived);
        Assert.Equal([(heads[0].Id, 0, T0.AddHours(5))], due.Select(m => (m.Id, m.Attempts, m.Due)));
        Assert.Equal(1, discarded);
        Assert.Equal(1, all);
        Assert.Equal(0, await store.Outbox.CountAsync(OutboxState.Dead, ct: Ct));
        Assert.Equal(3, await store.Outbox.CountAsync(OutboxState.Pending, ct: Ct));
        Assert.Equal(0, await store.Outbox.DiscardDeadAsync(null, Ct));
    }
}
