using Sztpd.Core.Storage;

namespace Sztpd.Storage.Tests;

/// <summary>
/// A SQLite file's reads run on connections kept open with their compiled statements: each read still sees what was
/// committed before it, and closing the store closes them all.
/// </summary>
public sealed class SqliteReadConnectionTests : IDisposable
{
    private const string Devices = "/wn-sztpd-1:devices/device";
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("sztpd-readers-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task File_ReadsAtOnceAndAfterACommit_SeeTheCommittedRowAndTheStoreClosesEveryConnection()
    {
        var path = Path.Combine(_directory, "readers.db");
        await using (var store = await DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///" + path), null, Ct))
        {
            await PutAsync(store, """{"v":1}""");

            // More reads at once than the connections kept idle, twice: every one answered from the committed row.
            for (var round = 0; round < 2; round++)
            {
                var rows = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => store.GetRowAsync(Devices, "SN-1", Ct), Ct)));
                Assert.All(rows, row => Assert.Equal("""{"v":1}""", row?.Json));
            }

            // A kept connection and its compiled statement read what was committed since they were last used.
            await PutAsync(store, """{"v":2}""");
            Assert.Equal("""{"v":2}""", (await store.GetRowAsync(Devices, "SN-1", Ct))?.Json);
            Assert.True(File.Exists(path + "-wal"));
        }

        // SQLite removes the write-ahead log when the database's last connection closes.
        Assert.False(File.Exists(path + "-wal"), "a connection of the closed store is still open");
    }

    private static async Task PutAsync(IDataStore store, string json)
    {
        await using var tx = await store.BeginAsync(Ct);
        await tx.UpsertRowAsync(Devices, "SN-1", json, [], T0, Ct);
        await tx.CommitAsync(Ct);
    }
}
