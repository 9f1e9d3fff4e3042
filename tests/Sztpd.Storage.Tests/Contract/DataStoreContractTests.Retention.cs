using Sztpd.Core.Storage;

namespace Sztpd.Storage.Tests.Contract;

/// <summary>Log retention (issue 15: nothing was ever pruned): by age, by count, and per device as entries arrive.</summary>
public abstract partial class DataStoreContractTests
{
    [Fact]
    public async Task RecordAccess_KeepPerScope_KeepsOnlyThatScopesNewestEntries()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "SN-1", "{}", T0);
        await store.AppendLogAsync("bootstrapping", "SN-2", T0, "{}", Ct);
        for (var i = 0; i < 12; i++)
        {
            await store.RecordAccessAsync(Devices, "SN-1", T0.AddSeconds(i),
                [new LogAppend("bootstrapping", "SN-1", T0.AddSeconds(i), $$"""{"n":{{i}}}""") { KeepPerScope = 5 }, new LogAppend("audit", "", T0, "{}")], [], Ct);
        }

        Assert.Equal(Enumerable.Range(7, 5).Select(i => $$"""{"n":{{i}}}"""), (await store.ReadLogPageAsync("bootstrapping", "SN-1", 0, 100, newestFirst: false, Ct)).Select(e => e.Json));
        Assert.Single(await store.ReadLogPageAsync("bootstrapping", "SN-2", 0, 100, newestFirst: false, Ct));
        Assert.Equal(12, (await store.ReadLogPageAsync("audit", "", 0, 100, newestFirst: false, Ct)).Count);
    }

    [Fact]
    public async Task PruneLog_ByAge_DeletesOnlyThatLogsExpiredEntries_InBatches()
    {
        await using var store = await OpenNewAsync();
        var count = IDataStore.PruneBatch + 500;
        for (var i = 0; i < count; i++)
        {
            await store.AppendLogAsync("bootstrapping", $"SN-{i % 7}", T0.AddSeconds(i), "{}", Ct);
            if (i % 100 == 0)
            {
                await store.AppendLogAsync("audit", "", T0.AddSeconds(i), "{}", Ct);
            }
        }

        var deleted = await store.PruneLogAsync("bootstrapping", T0.AddSeconds(count - 10), null, 0, Ct);

        Assert.Equal(count - 10, deleted);
        var left = new List<StoredLogEntry>();
        for (var sn = 0; sn < 7; sn++)
        {
            left.AddRange(await store.ReadLogPageAsync("bootstrapping", $"SN-{sn}", 0, 100, newestFirst: false, Ct));
        }
        Assert.Equal(Enumerable.Range(count - 10, 10).Select(i => T0.AddSeconds(i)), left.Select(e => e.Timestamp).Order());
        Assert.Equal(Enumerable.Range(0, count).Count(i => i % 100 == 0), (await store.ReadLogPageAsync("audit", "", 0, 1000, newestFirst: false, Ct)).Count);
        Assert.Equal(0, await store.PruneLogAsync("bootstrapping", T0.AddSeconds(count - 10), null, 0, Ct));
    }

    [Fact]
    public async Task PruneLog_ByCount_KeepsTheNewestOfTheCountedScope()
    {
        await using var store = await OpenNewAsync();
        for (var i = 0; i < 2500; i++)
        {
            await store.AppendLogAsync("audit", "", T0.AddSeconds(i), $$"""{"n":{{i}}}""", Ct);
        }
        await store.AppendLogAsync("bootstrapping", "SN-1", T0, "{}", Ct);

        var deleted = await store.PruneLogAsync("audit", T0.AddDays(-1), "", 100, Ct);

        Assert.Equal(2400, deleted);
        Assert.Equal(Enumerable.Range(2400, 100).Select(i => $$"""{"n":{{i}}}"""), (await store.ReadLogPageAsync("audit", "", 0, 1000, newestFirst: false, Ct)).Select(e => e.Json));
        Assert.Single(await store.ReadLogPageAsync("bootstrapping", "SN-1", 0, 10, newestFirst: false, Ct));
    }

    [Fact]
    public async Task ReadLogPage_SkipsAndLimits_ForwardsOrBackwards()
    {
        await using var store = await OpenNewAsync();
        for (var i = 0; i < 10; i++)
        {
            await store.AppendLogAsync("audit", "", T0.AddSeconds(i), $$"""{"n":{{i}}}""", Ct);
            await store.AppendLogAsync("bootstrapping", "SN-1", T0, "{}", Ct);
        }

        Assert.Equal(["""{"n":2}""", """{"n":3}""", """{"n":4}"""], (await store.ReadLogPageAsync("audit", "", 2, 3, newestFirst: false, Ct)).Select(e => e.Json));
        Assert.Equal(["""{"n":8}""", """{"n":7}"""], (await store.ReadLogPageAsync("audit", "", 1, 2, newestFirst: true, Ct)).Select(e => e.Json));
        Assert.Empty(await store.ReadLogPageAsync("audit", "", 10, 5, newestFirst: false, Ct));
    }
}
