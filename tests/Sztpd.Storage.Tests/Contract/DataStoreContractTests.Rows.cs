using Sztpd.Core.Storage;

namespace Sztpd.Storage.Tests.Contract;

public abstract partial class DataStoreContractTests
{
    [Fact]
    public async Task UpsertRow_New_HasCreatedAndZeroCounters()
    {
        await using var store = await OpenNewAsync();
        var created = new DateTimeOffset(2026, 3, 4, 7, 6, 7, 891, TimeSpan.FromHours(2));

        await UpsertAsync(store, Devices, "SN-1", """{"serial-number":"SN-1"}""", created);

        var row = await store.GetRowAsync(Devices, "SN-1", Ct);
        Assert.NotNull(row);
        Assert.Equal("SN-1", row.Key);
        Assert.Equal("""{"serial-number":"SN-1"}""", row.Json);
        Assert.Equal(created, row.Created);
        Assert.Equal(T0, row.Created);
        Assert.Equal(0, row.ModifiedCount);
        Assert.Equal(0, row.AccessCount);
        Assert.Null(row.FirstAccessed);
        Assert.Null(row.LastAccessed);
    }

    [Fact]
    public async Task UpsertRow_ChangedJson_IncrementsModifiedCountAndKeepsCreated()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "SN-1", """{"v":1}""", T0);

        await UpsertAsync(store, Devices, "SN-1", """{"v":2}""", T0.AddDays(1));
        await UpsertAsync(store, Devices, "SN-1", """{"V":2}""", T0.AddDays(2));

        var row = await store.GetRowAsync(Devices, "SN-1", Ct);
        Assert.Equal("""{"V":2}""", row!.Json);
        Assert.Equal(2, row.ModifiedCount);
        Assert.Equal(T0, row.Created);
    }

    [Fact]
    public async Task UpsertRow_UnchangedJson_LeavesCounters()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "SN-1", """{"v":1}""", T0);
        await store.RecordAccessAsync(Devices, "SN-1", T0.AddMinutes(1), [], [], Ct);

        await UpsertAsync(store, Devices, "SN-1", """{"v":1}""", T0.AddDays(1));

        var row = await store.GetRowAsync(Devices, "SN-1", Ct);
        Assert.Equal(0, row!.ModifiedCount);
        Assert.Equal(1, row.AccessCount);
        Assert.Equal(T0, row.Created);
    }

    [Fact]
    public async Task GetRow_Missing_ReturnsNull()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "SN-1", "{}", T0);

        Assert.Null(await store.GetRowAsync(Devices, "SN-2", Ct));
        Assert.Null(await store.GetRowAsync(Owners, "SN-1", Ct));
    }

    [Fact]
    public async Task ReadRows_Paged_ReturnsOrdinalKeyOrderPerList()
    {
        await using var store = await OpenNewAsync();
        string[] keys = ["b", "Z", "a-1", "10", "A", "a", "9", "B"];
        await using (var tx = await store.BeginAsync(Ct))
        {
            foreach (var key in keys)
            {
                await tx.UpsertRowAsync(Devices, key, "{}", [], T0, Ct);
            }

            await tx.UpsertRowAsync(Owners, "0", "{}", [], T0, Ct);
            await tx.CommitAsync(Ct);
        }

        var first = await store.ReadRowsAsync(Devices, null, 3, Ct);
        var second = await store.ReadRowsAsync(Devices, first[^1].Key, 3, Ct);
        var third = await store.ReadRowsAsync(Devices, second[^1].Key, 3, Ct);
        var rest = await store.ReadRowsAsync(Devices, third[^1].Key, 3, Ct);

        Assert.Equal(["10", "9", "A"], first.Select(r => r.Key));
        Assert.Equal(["B", "Z", "a"], second.Select(r => r.Key));
        Assert.Equal(["a-1", "b"], third.Select(r => r.Key));
        Assert.Empty(rest);
        Assert.Equal(8, await store.CountRowsAsync(Devices, Ct));
        Assert.Equal(1, await store.CountRowsAsync(Owners, Ct));
        Assert.Equal(["0"], (await store.ReadRowsAsync(Owners, null, 100, Ct)).Select(r => r.Key));
        Assert.Equal(["a", "a-1"], (await store.ReadRowsAsync(Devices, "Z", 2, Ct)).Select(r => r.Key));
    }

    [Fact]
    public async Task Keys_UnicodeAndCaseAndTrailingSpace_AreExactAndCodePointOrdered()
    {
        await using var store = await OpenNewAsync();
        string[] keys = ["😀", "日本", "Ünïcode", "z", "café", "Key", "key", "key "];
        await using (var tx = await store.BeginAsync(Ct))
        {
            foreach (var key in keys)
            {
                await tx.UpsertRowAsync(Devices, key, $$"""{"name":"{{key}}","note":"ünï 😀"}""", [new RowReference("/ref", key)], T0, Ct);
            }

            await tx.CommitAsync(Ct);
        }

        var rows = await store.ReadRowsAsync(Devices, null, 100, Ct);

        Assert.Equal(["Key", "café", "key", "key ", "z", "Ünïcode", "日本", "😀"], rows.Select(r => r.Key));
        foreach (var key in keys)
        {
            Assert.Equal($$"""{"name":"{{key}}","note":"ünï 😀"}""", (await store.GetRowAsync(Devices, key, Ct))!.Json);
            Assert.Equal([key], await store.FindReferencingRowsAsync(Devices, "/ref", key, 10, Ct));
        }

        Assert.Null(await store.GetRowAsync(Devices, "KEY", Ct));
        Assert.Equal(["😀"], (await store.ReadRowsAsync(Devices, "日本", 10, Ct)).Select(r => r.Key));
    }

    [Fact]
    public async Task UpsertRow_LargeJson_RoundTrips()
    {
        await using var store = await OpenNewAsync();
        var json = "{\"blob\":\"" + new string('x', 2_000_000) + "é\"}";

        await UpsertAsync(store, Devices, "big", json, T0);

        Assert.Equal(json, (await store.GetRowAsync(Devices, "big", Ct))!.Json);
    }

    [Fact]
    public async Task DeleteRow_ExistingAndMissing_ReportsWhetherDeleted()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "SN-1", "{}", T0, new RowReference("/owner", "acme"));

        await using var tx = await store.BeginAsync(Ct);
        Assert.True(await tx.DeleteRowAsync(Devices, "SN-1", ct: Ct));
        Assert.False(await tx.DeleteRowAsync(Devices, "SN-1", ct: Ct));
        Assert.False(await tx.DeleteRowAsync(Owners, "SN-2", ct: Ct));
        await tx.CommitAsync(Ct);

        Assert.Null(await store.GetRowAsync(Devices, "SN-1", Ct));
        Assert.Empty(await store.FindReferencingRowsAsync(Devices, "/owner", "acme", 10, Ct));
    }

    [Fact]
    public async Task DeleteUntouchedRows_AfterPartialUpsert_KeepsOnlyTouchedRowsOfThatList()
    {
        await using var store = await OpenNewAsync();
        await using (var tx = await store.BeginAsync(Ct))
        {
            foreach (var key in new[] { "a", "b", "c" })
            {
                await tx.UpsertRowAsync(Devices, key, "{}", [new RowReference("/owner", "acme")], T0, Ct);
            }

            await tx.UpsertRowAsync(Owners, "acme", "{}", [], T0, Ct);
            await tx.CommitAsync(Ct);
        }

        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.UpsertRowAsync(Devices, "b", "{}", [new RowReference("/owner", "acme")], T0.AddDays(1), Ct);
            await tx.UpsertRowAsync(Devices, "d", "{}", [], T0.AddDays(1), Ct);
            Assert.Equal(2, await tx.DeleteUntouchedRowsAsync(Devices, ct: Ct));
            await tx.CommitAsync(Ct);
        }

        Assert.Equal(["b", "d"], (await store.ReadRowsAsync(Devices, null, 10, Ct)).Select(r => r.Key));
        Assert.Equal(0, (await store.GetRowAsync(Devices, "b", Ct))!.ModifiedCount);
        Assert.Equal(["b"], await store.FindReferencingRowsAsync(Devices, "/owner", "acme", 10, Ct));
        Assert.Equal(1, await store.CountRowsAsync(Owners, Ct));
    }

    [Fact]
    public async Task DeleteUntouchedRows_NothingUpserted_EmptiesTheList()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "a", "{}", T0);

        await using (var tx = await store.BeginAsync(Ct))
        {
            Assert.Equal(1, await tx.DeleteUntouchedRowsAsync(Devices, ct: Ct));
            await tx.CommitAsync(Ct);
        }

        Assert.Equal(0, await store.CountRowsAsync(Devices, Ct));
    }

    [Fact]
    public async Task DeleteUntouchedRows_WithRowLog_DeletesOnlyTheDeletedRowsLogs()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "kept", "{}", T0);
        await UpsertAsync(store, Devices, "gone", "{}", T0);
        foreach (var scope in new[] { "kept", "gone" })
        {
            await store.AppendLogAsync("bootstrapping", scope, T0, "{}", Ct);
        }
        await store.AppendLogAsync("audit", "", T0, "{}", Ct);

        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.UpsertRowAsync(Devices, "kept", "{}", [], T0, Ct);
            Assert.Equal(1, await tx.DeleteUntouchedRowsAsync(Devices, "bootstrapping", Ct));
            await tx.CommitAsync(Ct);
        }

        Assert.Single(await store.ReadLogPageAsync("bootstrapping", "kept", 0, 10, newestFirst: false, Ct));
        Assert.Empty(await store.ReadLogPageAsync("bootstrapping", "gone", 0, 10, newestFirst: false, Ct));
        Assert.Single(await store.ReadLogPageAsync("audit", "", 0, 10, newestFirst: false, Ct));
    }

    [Fact]
    public async Task References_Upsert_ReplacesPreviousReferences()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "r1", "{}", T0, new("/owner", "x"), new("/owner", "y"), new("/owner", "y"));
        await UpsertAsync(store, Devices, "r2", "{}", T0, new("/owner", "y"), new("/policy", "x"));
        Assert.Equal(["r1"], await store.FindReferencingRowsAsync(Devices, "/owner", "x", 10, Ct));

        await UpsertAsync(store, Devices, "r1", "{}", T0, new RowReference("/owner", "y"));

        Assert.Empty(await store.FindReferencingRowsAsync(Devices, "/owner", "x", 10, Ct));
        Assert.Equal(["r1", "r2"], await store.FindReferencingRowsAsync(Devices, "/owner", "y", 10, Ct));
        Assert.Equal(["r1"], await store.FindReferencingRowsAsync(Devices, "/owner", "y", 1, Ct));
        Assert.Equal(["r2"], await store.FindReferencingRowsAsync(Devices, "/policy", "x", 10, Ct));
        Assert.Empty(await store.FindReferencingRowsAsync(Owners, "/owner", "y", 10, Ct));
        Assert.Empty(await store.FindReferencingRowsAsync(Devices, "/owner", "Y", 10, Ct));
    }

    [Fact]
    public async Task RecordAccess_Twice_CountsAndKeepsFirstAccess()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, Devices, "SN-1", "{}", T0);
        var first = T0.AddHours(1);
        var last = new DateTimeOffset(2026, 3, 5, 1, 2, 3, 456, TimeSpan.FromHours(-5));

        await store.RecordAccessAsync(Devices, "SN-1", first, [], [], Ct);
        await store.RecordAccessAsync(Devices, "SN-1", last, [], [], Ct);
        await store.RecordAccessAsync(Devices, "missing", last, [], [], Ct);

        var row = await store.GetRowAsync(Devices, "SN-1", Ct);
        Assert.Equal(2, row!.AccessCount);
        Assert.Equal(first, row.FirstAccessed);
        Assert.Equal(last, row.LastAccessed);
        Assert.Equal(0, row.ModifiedCount);
        Assert.Null(await store.GetRowAsync(Devices, "missing", Ct));
    }

    protected static async Task UpsertAsync(IDataStore store, string list, string key, string json, DateTimeOffset now, params RowReference[] references)
    {
        await using var tx = await store.BeginAsync(Ct);
        await tx.UpsertRowAsync(list, key, json, references, now, Ct);
        await tx.CommitAsync(Ct);
    }
}
