using Sztpd.Core.Storage;

namespace Sztpd.Storage.Tests.Contract;

/// <summary>Mode x's needs of the store: a row found by its key in whichever list (tenant) holds it, a tenant's outbox read apart, and a tenant's scope deleted whole.</summary>
public abstract partial class DataStoreContractTests
{
    private const string TenantA = "tenant/a/";
    private const string TenantAb = "tenant/ab/";

    [Fact]
    public async Task FindRowsByKeys_FindsTheRowsInEveryList_WithTheirListPaths()
    {
        await using var store = await OpenNewAsync();
        await UpsertAsync(store, TenantA + Devices, "SN-1", """{"serial-number":"SN-1"}""", T0);
        await UpsertAsync(store, TenantAb + Devices, "SN-2", "{}", T0);

        var found = await store.FindRowsByKeysAsync(["SN-1"], Ct);
        var both = await store.FindRowsByKeysAsync(["SN-2", "SN-3", "SN-1"], Ct);

        var (list, row) = Assert.Single(found);
        Assert.Equal((TenantA + Devices, "SN-1", """{"serial-number":"SN-1"}"""), (list, row.Key, row.Json));
        Assert.Equal([(TenantA + Devices, "SN-1"), (TenantAb + Devices, "SN-2")], both.Select(r => (r.ListPath, r.Row.Key)));
        Assert.Empty(await store.FindRowsByKeysAsync(["SN-3"], Ct));
    }

    /// <summary>Everything of tenant "a" goes in one commit; tenant "ab", whose prefix starts the same, keeps all of its own.</summary>
    [Fact]
    public async Task DeleteScope_DeletesEverythingUnderThePrefix_AndNothingElse()
    {
        await using var store = await OpenNewAsync();
        foreach (var scope in new[] { TenantA, TenantAb })
        {
            await using (var tx = await store.BeginAsync(Ct))
            {
                await tx.SetMetaAsync(scope + "revision", "1", Ct);
                await tx.PutTopLevelAsync(scope + "wn-sztpd-1:keystore", "{}", Ct);
                await tx.UpsertRowAsync(scope + Devices, "SN-" + scope, "{}", [new RowReference("/device-type", "t")], T0, Ct);
                await tx.CommitAsync(Ct);
            }
            await store.RecordAccessAsync(scope + Devices, "SN-" + scope, T0, [new LogAppend(scope + "bootstrapping", "SN-" + scope, T0, "{}")],
                [new OutboxAppend("SN-" + scope, "relay-progress", scope + "relay", T0, "{}")], Ct);
        }

        Assert.Equal([TenantA + "relay"], (await store.Outbox.ReadAsync(OutboxState.Pending, 0, 10, false, TenantA, Ct)).Select(m => m.Target));
        Assert.Equal(1, await store.Outbox.CountAsync(OutboxState.Pending, TenantAb, Ct));

        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.DeleteScopeAsync(TenantA, Ct);
            await tx.CommitAsync(Ct);
        }

        Assert.Null(await store.GetMetaAsync(TenantA + "revision", Ct));
        Assert.Equal("1", await store.GetMetaAsync(TenantAb + "revision", Ct));
        Assert.Equal([TenantAb + "wn-sztpd-1:keystore"], (await store.LoadTopLevelAsync(Ct)).Keys);
        Assert.Null(await store.GetRowAsync(TenantA + Devices, "SN-" + TenantA, Ct));
        Assert.NotNull(await store.GetRowAsync(TenantAb + Devices, "SN-" + TenantAb, Ct));
        Assert.Empty(await store.FindReferencingRowsAsync(TenantA + Devices, "/device-type", "t", 10, Ct));
        Assert.Single(await store.FindReferencingRowsAsync(TenantAb + Devices, "/device-type", "t", 10, Ct));
        Assert.Empty(await store.ReadLogPageAsync(TenantA + "bootstrapping", "SN-" + TenantA, 0, 10, false, Ct));
        Assert.Single(await store.ReadLogPageAsync(TenantAb + "bootstrapping", "SN-" + TenantAb, 0, 10, false, Ct));
        Assert.Equal([TenantAb + "relay"], (await store.Outbox.ReadAsync(OutboxState.Pending, 0, 10, false, ct: Ct)).Select(m => m.Target));
    }
}
