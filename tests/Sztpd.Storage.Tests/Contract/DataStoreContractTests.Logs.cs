using Sztpd.Core.Storage;
using Sztpd.Storage.Sql;

namespace Sztpd.Storage.Tests.Contract;

public abstract partial class DataStoreContractTests
{
    [Fact]
    public async Task AppendLog_ThenReadPaged_ReturnsOldestFirstPerLogAndScope()
    {
        await using var store = await OpenNewAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await store.AppendLogAsync("bootstrapping", "SN-1", T0.AddSeconds(i), $$"""{"n":{{i}}}""", Ct));
            await store.AppendLogAsync("bootstrapping", "SN-2", T0, "{}", Ct);
            await store.AppendLogAsync("audit", "SN-1", T0, "{}", Ct);
        }

        var first = await store.ReadLogPageAsync("bootstrapping", "SN-1", 0, 2, newestFirst: false, Ct);
        var second = await store.ReadLogPageAsync("bootstrapping", "SN-1", 2, 2, newestFirst: false, Ct);
        var third = await store.ReadLogPageAsync("bootstrapping", "SN-1", 4, 2, newestFirst: false, Ct);

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids, first.Concat(second).Concat(third).Select(e => e.Id));
        Assert.Equal(["""{"n":0}""", """{"n":1}"""], first.Select(e => e.Json));
        Assert.Equal(T0.AddSeconds(4), third.Single().Timestamp);
        Assert.Empty(await store.ReadLogPageAsync("bootstrapping", "SN-1", 5, 10, newestFirst: false, Ct));
        Assert.Equal(5, (await store.ReadLogPageAsync("audit", "SN-1", 0, 100, newestFirst: false, Ct)).Count);
        Assert.Empty(await store.ReadLogPageAsync("audit", "", 0, 100, newestFirst: false, Ct));
    }

    [Fact]
    public async Task AppendLog_TimestampWithOffset_RoundTripsToTheMillisecond()
    {
        await using var store = await OpenNewAsync();
        var when = new DateTimeOffset(2025, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(9.5));

        await store.AppendLogAsync("audit", "", when, "{}", Ct);

        var entry = Assert.Single(await store.ReadLogPageAsync("audit", "", 0, 10, newestFirst: false, Ct));
        Assert.Equal(when, entry.Timestamp);
        Assert.Equal(when.UtcDateTime, entry.Timestamp.UtcDateTime);
    }

    [Fact]
    public async Task DeleteRow_WithRowLog_RemovesOnlyThatRowsLog_InTheTransaction()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "SN-1", "{}", T0);
        await store.AppendLogAsync("bootstrapping", "SN-1", T0, "{}", Ct);
        await store.AppendLogAsync("bootstrapping", "SN-1", T0, "{}", Ct);
        await store.AppendLogAsync("bootstrapping", "SN-2", T0, "{}", Ct);
        await store.AppendLogAsync("audit", "SN-1", T0, "{}", Ct);

        await using (var rolledBack = await store.BeginAsync(Ct))
        {
            Assert.True(await rolledBack.DeleteRowAsync(Devices, "SN-1", "bootstrapping", Ct));
        }
        Assert.Equal(2, (await store.ReadLogPageAsync("bootstrapping", "SN-1", 0, 10, newestFirst: false, Ct)).Count);
        await using (var tx = await store.BeginAsync(Ct))
        {
            Assert.True(await tx.DeleteRowAsync(Devices, "SN-1", "bootstrapping", Ct));
            await tx.CommitAsync(Ct);
        }

        Assert.Null(await store.GetRowAsync(Devices, "SN-1", Ct));
        Assert.Empty(await store.ReadLogPageAsync("bootstrapping", "SN-1", 0, 10, newestFirst: false, Ct));
        Assert.Single(await store.ReadLogPageAsync("bootstrapping", "SN-2", 0, 10, newestFirst: false, Ct));
        Assert.Single(await store.ReadLogPageAsync("audit", "SN-1", 0, 10, newestFirst: false, Ct));
    }

    [Fact]
    public async Task ConcurrentWrites_AreAllCommitted_InSharedTransactions()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "SN-1", "{}", T0);

        var appends = Enumerable.Range(0, 200).Select(i => store.AppendLogAsync("bootstrapping", "SN-1", T0, $$"""{"n":{{i}}}""", Ct)).ToList();
        var accesses = Enumerable.Range(0, 100).Select(i => store.RecordAccessAsync(Devices, "SN-1", T0.AddSeconds(i), [], [], Ct)).ToList();
        var ids = await Task.WhenAll(appends);
        await Task.WhenAll(accesses);

        Assert.Equal(200, ids.Distinct().Count());
        var entries = await store.ReadLogPageAsync("bootstrapping", "SN-1", 0, 1000, newestFirst: false, Ct);
        Assert.Equal(ids.Order(), entries.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $$"""{"n":{{i}}}"""), entries.Select(e => e.Json)); // queue order kept
        Assert.Equal(100, (await store.GetRowAsync(Devices, "SN-1", Ct))!.AccessCount);
        Assert.InRange(Assert.IsType<SqlDataStore>(store).GroupCommits, 1, 30); // 300 writes, far fewer commits
    }

    [Fact]
    public async Task ConcurrentWrites_OneFails_OnlyItsCallerSeesTheError()
    {
        await using var store = await OpenNewAsync();

        var good = Enumerable.Range(0, 50).Select(i => store.AppendLogAsync("audit", "", T0, $$"""{"n":{{i}}}""", Ct)).ToList();
        var bad = store.AppendLogAsync("audit", "", T0, null!, Ct); // json is NOT NULL
        good.AddRange(Enumerable.Range(50, 50).Select(i => store.AppendLogAsync("audit", "", T0, $$"""{"n":{{i}}}""", Ct)));

        await Task.WhenAll(good);
        await Assert.ThrowsAnyAsync<Exception>(() => bad);
        Assert.Equal(100, (await store.ReadLogPageAsync("audit", "", 0, 1000, newestFirst: false, Ct)).Count);
    }

    [Fact]
    public async Task RecordAccess_WithEntries_CommitsAllOrNothing()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "SN-1", "{}", T0);

        await store.RecordAccessAsync(Devices, "SN-1", T0, [new LogAppend("bootstrapping", "SN-1", T0, """{"n":1}"""), new LogAppend("audit", "", T0, "{}")], [], Ct);

        // One write of several whose last statement fails, alone and among other callers' writes: none of it stays.
        foreach (var company in new[] { 0, 20 })
        {
            var others = Enumerable.Range(0, company).Select(_ => store.AppendLogAsync("audit", "", T0, "{}", Ct)).ToList();
            var bad = store.RecordAccessAsync(Devices, "SN-1", T0.AddMinutes(1), [new LogAppend("bootstrapping", "SN-1", T0, """{"n":2}"""), new LogAppend("audit", "", T0, null!)], [], Ct);
            await Task.WhenAll(others);
            await Assert.ThrowsAnyAsync<Exception>(() => bad);
        }

        var row = (await store.GetRowAsync(Devices, "SN-1", Ct))!;
        Assert.Equal(1, row.AccessCount);
        Assert.Equal(T0, row.LastAccessed);
        Assert.Equal(["""{"n":1}"""], (await store.ReadLogPageAsync("bootstrapping", "SN-1", 0, 10, newestFirst: false, Ct)).Select(e => e.Json));
        Assert.Equal(21, (await store.ReadLogPageAsync("audit", "", 0, 100, newestFirst: false, Ct)).Count);
    }
}
