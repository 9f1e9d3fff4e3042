using Sztpd.Core.Storage;

namespace Sztpd.Storage.Tests;

/// <summary>
/// SQLite has one writer: store calls made by the flow that holds the open transaction must not wait for it. A file's
/// reads run on connections kept open with their compiled statements: each still sees what was committed before it,
/// and closing the store closes them all.
/// </summary>
public sealed class SqliteConnectionsTests : IDisposable
{
    private const string Devices = "/wn-sztpd-1:devices/device";
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("sztpd-sqlite-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Memory_ReadInsideOwnTransaction_SeesOwnUncommittedWrite()
    {
        await using var store = await DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///:memory:"), null, Ct);
        await using var tx = await store.BeginAsync(Ct);
        await tx.UpsertRowAsync(Devices, "SN-1", "{}", [], T0, Ct);

        var row = await store.GetRowAsync(Devices, "SN-1", Ct);

        Assert.NotNull(row);
    }

    [Fact]
    public async Task File_ReadInsideOwnTransaction_SeesCommittedStateWithoutBlocking()
    {
        await using var store = await OpenFileAsync("a.db");
        await using var tx = await store.BeginAsync(Ct);
        await tx.UpsertRowAsync(Devices, "SN-1", "{}", [], T0, Ct);

        var row = await store.GetRowAsync(Devices, "SN-1", Ct);

        Assert.Null(row);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AppendLog_InsideOwnTransaction_JoinsThatTransaction(bool inMemory)
    {
        await using var store = inMemory
            ? await DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///:memory:"), null, Ct)
            : await OpenFileAsync("b.db");

        await using (var rolledBack = await store.BeginAsync(Ct))
        {
            await store.AppendLogAsync("audit", "", T0, """{"n":1}""", Ct);
            await store.RecordAccessAsync(Devices, "SN-1", T0, [], [], Ct);
        }

        await using (var committed = await store.BeginAsync(Ct))
        {
            await store.AppendLogAsync("audit", "", T0, """{"n":2}""", Ct);
            await committed.CommitAsync(Ct);
        }

        Assert.Equal(["""{"n":2}"""], (await store.ReadLogPageAsync("audit", "", 0, 10, newestFirst: false, Ct)).Select(e => e.Json));
    }

    [Fact]
    public async Task File_TwoStoresOnOneFile_SecondWriterWaitsForFirst()
    {
        await using var first = await OpenFileAsync("shared.db");
        await using var second = await OpenFileAsync("shared.db");
        var secondWrite = Task.CompletedTask;

        await using (var tx = await first.BeginAsync(Ct))
        {
            await tx.UpsertRowAsync(Devices, "one", "{}", [], T0, Ct);
            secondWrite = Task.Run(() => UpsertAsync(second, "two"), Ct);
            await Task.WhenAny(secondWrite, Task.Delay(200, Ct));
            Assert.False(secondWrite.IsCompleted);
            await tx.CommitAsync(Ct);
        }

        await secondWrite;
        Assert.Equal(2, await first.CountRowsAsync(Devices, Ct));
    }

    [Fact]
    public async Task File_ReadsAtOnceAndAfterACommit_SeeTheCommittedRowAndTheStoreClosesEveryConnection()
    {
        var path = Path.Combine(_directory, "readers.db");
        await using (var store = await OpenFileAsync("readers.db"))
        {
            await UpsertAsync(store, "SN-1", """{"v":1}""");

            // More reads at once than the connections kept idle, twice: every one answered from the committed row.
            for (var round = 0; round < 2; round++)
            {
                var rows = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => store.GetRowAsync(Devices, "SN-1", Ct), Ct)));
                Assert.All(rows, row => Assert.Equal("""{"v":1}""", row?.Json));
            }

            // A kept connection and its compiled statement read what was committed since they were last used.
            await UpsertAsync(store, "SN-1", """{"v":2}""");
            Assert.Equal("""{"v":2}""", (await store.GetRowAsync(Devices, "SN-1", Ct))?.Json);
            Assert.True(File.Exists(path + "-wal"));
        }

        // SQLite removes the write-ahead log when the database's last connection closes.
        Assert.False(File.Exists(path + "-wal"), "a connection of the closed store is still open");
    }

    private static async Task UpsertAsync(IDataStore store, string key, string json = "{}")
    {
        await using var tx = await store.BeginAsync(Ct);
        await tx.UpsertRowAsync(Devices, key, json, [], T0, Ct);
        await tx.CommitAsync(Ct);
    }

    private Task<IDataStore> OpenFileAsync(string name) =>
        DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///" + Path.Combine(_directory, name)), null, Ct);
}
