using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;
using Sztpd.Core.Rules;
using Sztpd.Core.Schema;
using Sztpd.Storage;

namespace Sztpd.Core.Tests.Datastore;

/// <summary>Every edit is one transaction (architecture: "a rejected request changes nothing"), on a real SQLite store.</summary>
public sealed class EditAtomicityTests : IAsyncLifetime
{
    private const string Devices = "/wn-sztpd-1:devices";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    private CommitFailingStore _store = null!;
    private RunningDatastore _datastore = null!;

    private static readonly string Configuration = """
        {
          "wn-sztpd-1:admin-accounts": {"admin-account": [{"email-address": "admin@example.com", "password": "$0$admin-secret", "access": "unrestricted"}]},
          "wn-sztpd-1:device-types": {"device-type": [{"name": "t"}]},
          "wn-sztpd-1:devices": {"device": [{"serial-number": "SN-1", "device-type": "t"}, {"serial-number": "SN-2", "device-type": "t"}]}
        }
        """;

    public async ValueTask InitializeAsync()
    {
        _store = new CommitFailingStore(await DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///:memory:"), null, CancellationToken.None));
        _datastore = await OpenAsync();
        Assert.True((await EditAsync(EditMethod.Put, "", Configuration)).Succeeded);
    }

    public async ValueTask DisposeAsync()
    {
        _datastore.Dispose();
        await _store.DisposeAsync();
    }

    private async Task<RunningDatastore> OpenAsync()
    {
        var schema = NorthboundSchema.Context;
        var datastore = new RunningDatastore(schema, _store, new SztpdRules(schema, _time, Sztpd.Core.Limits.InputLimits.Default), _time, NorthboundSchema.RowLists(schema));
        await datastore.LoadAsync();
        return datastore;
    }

    private Task<EditResult> EditAsync(EditMethod method, string path, string? body) =>
        _datastore.EditAsync(new EditRequest(method, Path(path), body is null ? null : JsonNode.Parse(body)!.AsObject()));

    private static ResourcePath Path(string path) => ResourcePathParser.Parse(NorthboundSchema.Context, path, out _)!;

    private async Task<string> DevicesAsync(RunningDatastore datastore) => (await datastore.ReadAsync(Path(Devices), operational: false)).Document!.ToJsonString();

    [Fact]
    public async Task Put_OneBadDeviceAmongGoodOnes_ChangesNothing()
    {
        var (running, devices) = (_datastore.Running, await DevicesAsync(_datastore));

        var result = await EditAsync(EditMethod.Put, Devices, """
            {"wn-sztpd-1:devices": {"device": [{"serial-number": "SN-3", "device-type": "t"}, {"serial-number": "SN-4", "device-type": "no-such-type"}]}}
            """);

        Assert.False(result.Succeeded);
        Assert.Same(running, _datastore.Running);
        Assert.Equal(devices, await DevicesAsync(_datastore));
    }

    [Fact]
    public async Task CommitFails_NothingChanges_InMemoryOrStored()
    {
        var running = _datastore.Running;
        var revision = await _store.GetMetaAsync("revision");
        _store.FailCommits = true;

        await Assert.ThrowsAsync<IOException>(() => EditAsync(EditMethod.Post, "/wn-sztpd-1:device-types", """{"wn-sztpd-1:device-type": [{"name": "u"}]}"""));
        await Assert.ThrowsAsync<IOException>(() => EditAsync(EditMethod.Post, Devices, """{"wn-sztpd-1:device": [{"serial-number": "SN-3", "device-type": "t"}]}"""));

        Assert.Same(running, _datastore.Running);
        Assert.Equal(revision, await _store.GetMetaAsync("revision"));
        using var reopened = await OpenAsync();
        Assert.Equal(running.ToJsonString(), reopened.Running.ToJsonString());
        Assert.DoesNotContain("SN-3", await DevicesAsync(reopened), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteDevice_ItsLogGoesInTheSameTransaction()
    {
        await _store.AppendLogAsync("bootstrapping", "SN-1", _time.GetUtcNow(), "{}");
        await _store.AppendLogAsync("bootstrapping", "SN-2", _time.GetUtcNow(), "{}");
        _store.FailCommits = true;

        await Assert.ThrowsAsync<IOException>(() => EditAsync(EditMethod.Delete, Devices + "/device=SN-1", null));

        Assert.Single(await _store.ReadLogPageAsync("bootstrapping", "SN-1", 0, 10, newestFirst: false));
        _store.FailCommits = false;
        Assert.True((await EditAsync(EditMethod.Delete, Devices + "/device=SN-1", null)).Succeeded);
        Assert.Empty(await _store.ReadLogPageAsync("bootstrapping", "SN-1", 0, 10, newestFirst: false));
        Assert.Single(await _store.ReadLogPageAsync("bootstrapping", "SN-2", 0, 10, newestFirst: false));
    }

    [Fact]
    public async Task EachCommittedEdit_AdvancesTheRevisionOnce_ARejectedOneDoesNot()
    {
        var before = long.Parse((await _store.GetMetaAsync("revision"))!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True((await EditAsync(EditMethod.Post, "/wn-sztpd-1:device-types", """{"wn-sztpd-1:device-type": [{"name": "u"}]}""")).Succeeded);
        Assert.False((await EditAsync(EditMethod.Post, "/wn-sztpd-1:device-types", """{"wn-sztpd-1:device-type": [{"name": "u"}]}""")).Succeeded);

        Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await _store.GetMetaAsync("revision"));
    }
}
