using Sztpd.Core.Storage;
using Sztpd.Storage.Sql;

namespace Sztpd.Storage.Tests.Contract;

/// <summary>
/// The behaviour every <see cref="IDataStore"/> dialect must share. Each derived class runs all of it against
/// one kind of database; server-backed ones report skipped when no server is configured.
/// </summary>
public abstract partial class DataStoreContractTests
{
    protected const string Devices = "/wn-sztpd-1:devices/device";
    protected const string Owners = "/wn-sztpd-1:owners/owner";

    protected static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A database no other test uses, not yet opened (skips the test when the server is not configured).</summary>
    protected abstract DatabaseUrl NewDatabase();

    /// <summary>False for <c>:memory:</c>, whose data ends with the store.</summary>
    protected virtual bool Persistent => true;

    protected static Task<IDataStore> OpenAsync(DatabaseUrl url) => DataStoreFactory.OpenAsync(url, null, Ct);

    protected Task<IDataStore> OpenNewAsync() => OpenAsync(NewDatabase());

    [Fact]
    public async Task Open_NewDatabase_IsEmptyAndMigrated()
    {
        await using var store = await OpenNewAsync();

        Assert.Null(await store.GetMetaAsync("mode", Ct));
        Assert.Empty(await store.LoadTopLevelAsync(Ct));
        Assert.Equal(0, await store.CountRowsAsync(Devices, Ct));
        var sql = Assert.IsType<SqlDataStore>(store);
        Assert.Equal(sql.LatestSchemaVersion, await sql.GetSchemaVersionAsync(Ct));
    }

    [Fact]
    public async Task Migrate_RunTwiceMore_IsIdempotentAndKeepsData()
    {
        await using var store = await OpenNewAsync();
        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.SetMetaAsync("mode", "1", Ct);
            await tx.CommitAsync(Ct);
        }

        await store.MigrateAsync(Ct);
        await store.MigrateAsync(Ct);

        Assert.Equal("1", await store.GetMetaAsync("mode", Ct));
        var sql = (SqlDataStore)store;
        Assert.Equal(sql.LatestSchemaVersion, await sql.GetSchemaVersionAsync(Ct));
    }

    [Fact]
    public async Task Meta_SetAndOverwrite_ReturnsLatestValue()
    {
        await using var store = await OpenNewAsync();

        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.SetMetaAsync("mode", "1", Ct);
            await tx.SetMetaAsync("revision", "7", Ct);
            await tx.CommitAsync(Ct);
        }

        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.SetMetaAsync("revision", "8", Ct);
            await tx.CommitAsync(Ct);
        }

        Assert.Equal("1", await store.GetMetaAsync("mode", Ct));
        Assert.Equal("8", await store.GetMetaAsync("revision", Ct));
        Assert.Null(await store.GetMetaAsync("Mode", Ct));
    }

    [Fact]
    public async Task TopLevel_PutReplaceDelete_LoadsCurrentNodes()
    {
        await using var store = await OpenNewAsync();

        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.PutTopLevelAsync("wn-sztpd-1:transport", """{"listen":{}}""", Ct);
            await tx.PutTopLevelAsync("wn-sztpd-1:preferences", "{}", Ct);
            await tx.PutTopLevelAsync("wn-sztpd-1:notifications", "{}", Ct);
            await tx.CommitAsync(Ct);
        }

        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.PutTopLevelAsync("wn-sztpd-1:transport", """{"listen":{"endpoint":[]}}""", Ct);
            await tx.DeleteTopLevelAsync("wn-sztpd-1:notifications", Ct);
            await tx.DeleteTopLevelAsync("wn-sztpd-1:absent", Ct);
            await tx.CommitAsync(Ct);
        }

        var nodes = await store.LoadTopLevelAsync(Ct);
        Assert.Equal(2, nodes.Count);
        Assert.Equal("""{"listen":{"endpoint":[]}}""", nodes["wn-sztpd-1:transport"]);
        Assert.Equal("{}", nodes["wn-sztpd-1:preferences"]);
    }

    [Fact]
    public async Task Reopen_AfterCommitAndDispose_KeepsDataUnlessInMemory()
    {
        var url = NewDatabase();
        await using (var store = await OpenAsync(url))
        {
            await using var tx = await store.BeginAsync(Ct);
            await tx.SetMetaAsync("mode", "1", Ct);
            await tx.PutTopLevelAsync("wn-sztpd-1:transport", "{}", Ct);
            await tx.UpsertRowAsync(Devices, "SN-1", "{}", [new RowReference("/owner", "acme")], T0, Ct);
            await tx.CommitAsync(Ct);
            await store.AppendLogAsync("audit", "", T0, "{}", Ct);
        }

        await using var reopened = await OpenAsync(url);

        if (Persistent)
        {
            Assert.Equal("1", await reopened.GetMetaAsync("mode", Ct));
            Assert.Single(await reopened.LoadTopLevelAsync(Ct));
            Assert.Equal(T0, (await reopened.GetRowAsync(Devices, "SN-1", Ct))!.Created);
            Assert.Equal(["SN-1"], await reopened.FindReferencingRowsAsync(Devices, "/owner", "acme", 10, Ct));
            Assert.Single(await reopened.ReadLogPageAsync("audit", "", 0, 10, newestFirst: false, Ct));
        }
        else
        {
            Assert.Null(await reopened.GetMetaAsync("mode", Ct));
            Assert.Equal(0, await reopened.CountRowsAsync(Devices, Ct));
        }
    }
}
