using Sztpd.Core.Storage;

namespace Sztpd.Storage.Tests.Contract;

public abstract partial class DataStoreContractTests
{
    [Fact]
    public async Task Transaction_DisposedWithoutCommit_RollsBackEverything()
    {
        await using var store = await OpenNewAsync();
        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.SetMetaAsync("revision", "1", Ct);
            await tx.PutTopLevelAsync("wn-sztpd-1:transport", "{}", Ct);
            await tx.UpsertRowAsync(Devices, "keep", """{"v":1}""", [new RowReference("/owner", "acme")], T0, Ct);
            await tx.CommitAsync(Ct);
        }

        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.SetMetaAsync("revision", "2", Ct);
            await tx.SetMetaAsync("mode", "1", Ct);
            await tx.DeleteTopLevelAsync("wn-sztpd-1:transport", Ct);
            await tx.PutTopLevelAsync("wn-sztpd-1:preferences", "{}", Ct);
            await tx.UpsertRowAsync(Devices, "keep", """{"v":2}""", [], T0, Ct);
            await tx.UpsertRowAsync(Devices, "new", "{}", [], T0, Ct);
            await tx.DeleteUntouchedRowsAsync(Devices, ct: Ct);
        }

        Assert.Equal("1", await store.GetMetaAsync("revision", Ct));
        Assert.Null(await store.GetMetaAsync("mode", Ct));
        Assert.Equal(["wn-sztpd-1:transport"], (await store.LoadTopLevelAsync(Ct)).Keys);
        var row = await store.GetRowAsync(Devices, "keep", Ct);
        Assert.Equal("""{"v":1}""", row!.Json);
        Assert.Equal(0, row.ModifiedCount);
        Assert.Null(await store.GetRowAsync(Devices, "new", Ct));
        Assert.Equal(["keep"], await store.FindReferencingRowsAsync(Devices, "/owner", "acme", 10, Ct));
    }

    [Fact]
    public async Task Transaction_BeforeCommit_IsInvisibleToOtherReadersAndVisibleAfter()
    {
        await using var store = await OpenNewAsync();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = ReadWhenSignalledAsync(store, start.Task);

        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.UpsertRowAsync(Devices, "SN-1", "{}", [], T0, Ct);
            await tx.SetMetaAsync("mode", "1", Ct);
            start.SetResult();
            await Task.WhenAny(reader, Task.Delay(200, Ct));
            if (reader.IsCompleted)
            {
                Assert.Null(await reader);
            }

            await tx.CommitAsync(Ct);
        }

        Assert.True(await reader is null or { Key: "SN-1" });
        Assert.NotNull(await store.GetRowAsync(Devices, "SN-1", Ct));
        Assert.Equal("1", await store.GetMetaAsync("mode", Ct));
    }

    [Fact]
    public async Task Transaction_AfterCommit_RejectsFurtherWrites()
    {
        await using var store = await OpenNewAsync();
        await using var tx = await store.BeginAsync(Ct);
        await tx.SetMetaAsync("mode", "1", Ct);
        await tx.CommitAsync(Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => tx.SetMetaAsync("mode", "2", Ct));
        Assert.Equal("1", await store.GetMetaAsync("mode", Ct));
    }

    [Fact]
    public async Task Transactions_EightTasksOfFiftyUpserts_AllCommitted()
    {
        await using var store = await OpenNewAsync();

        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var key = $"task{t}-{i:D2}";
                await using var tx = await store.BeginAsync(Ct);
                await tx.UpsertRowAsync(Devices, key, $$"""{"t":{{t}},"i":{{i}}}""", [new RowReference("/task", $"{t}")], T0, Ct);
                await tx.SetMetaAsync("last", key, Ct);
                await tx.CommitAsync(Ct);
                await store.AppendLogAsync("audit", "", T0, key, Ct);
                Assert.NotNull(await store.GetRowAsync(Devices, key, Ct));
            }
        }, Ct));
        await Task.WhenAll(tasks);

        Assert.Equal(400, await store.CountRowsAsync(Devices, Ct));
        Assert.Equal(50, (await store.FindReferencingRowsAsync(Devices, "/task", "3", 100, Ct)).Count);
        var log = await store.ReadLogPageAsync("audit", "", 0, 1000, newestFirst: false, Ct);
        Assert.Equal(400, log.Select(e => e.Id).Distinct().Count());
        Assert.Equal(400, log.Select(e => e.Json).Distinct().Count());
    }

    /// <summary>Started before the transaction, so it runs in its own flow, as another request would.</summary>
    private static async Task<StoredRow?> ReadWhenSignalledAsync(IDataStore store, Task signal)
    {
        await signal;
        return await store.GetRowAsync(Devices, "SN-1", Ct);
    }
}
