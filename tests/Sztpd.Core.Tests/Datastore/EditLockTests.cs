using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sztpd.Core.Accounts;
using Sztpd.Core.Certificates;
using Sztpd.Core.Datastore;
using Sztpd.Core.Limits;
using Sztpd.Core.Restconf;
using Sztpd.Core.Rules;
using Sztpd.Core.Schema;
using Sztpd.Core.Yang;
using Sztpd.Storage;

namespace Sztpd.Core.Tests.Datastore;

/// <summary>
/// The costly part of an edit (hashing its <c>$0$</c> secrets) runs before the write lock is taken (issue 15: a
/// one-device POST waited 57 s behind another edit's hashing).
/// </summary>
public sealed class EditLockTests
{
    [Fact]
    public async Task AnEditStillPreparingItsBody_DoesNotHoldUpAnotherEdit()
    {
        var schema = NorthboundSchema.Context;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        await using var store = await DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///:memory:"), null, CancellationToken.None);
        var rules = new GatedRules(new SztpdRules(schema, time, InputLimits.Default));
        using var datastore = new RunningDatastore(schema, store, rules, time, NorthboundSchema.RowLists(schema));
        await datastore.LoadAsync();
        var hash = "$5$saltsalt$" + new string('a', 43);
        Assert.True((await datastore.EditAsync(Edit(EditMethod.Put, "", $$$"""
            {"wn-sztpd-1:admin-accounts": {"admin-account": [{"email-address": "a@example.com", "password": "{{{hash}}}", "access": "unrestricted"}]},
             "wn-sztpd-1:device-types": {"device-type": [{"name": "t"}]}}
            """))).Succeeded);

        rules.Gate = new TaskCompletionSource();
        var slow = Task.Run(() => datastore.EditAsync(Edit(EditMethod.Post, "/wn-sztpd-1:devices", """{"wn-sztpd-1:device": [{"serial-number": "slow", "device-type": "t", "activation-code": "$0$code"}]}""")));
        await rules.Entered.Task;
        rules.Gate = null;
        var fast = await datastore.EditAsync(Edit(EditMethod.Post, "/wn-sztpd-1:devices", """{"wn-sztpd-1:device": [{"serial-number": "fast", "device-type": "t"}]}"""))
            .WaitAsync(TimeSpan.FromSeconds(30)); // a guard against a hang, should the lock be held: never reached when it works

        Assert.True(fast.Succeeded);
        Assert.False(slow.IsCompleted);
        rules.Release();
        Assert.True((await slow).Succeeded);
    }

    private static EditRequest Edit(EditMethod method, string path, string body) =>
        new(method, ResourcePathParser.Parse(NorthboundSchema.Context, path, out _)!, JsonNode.Parse(body)!.AsObject());

    /// <summary>The real rules, with <see cref="PrepareValue"/> held at a gate while one is set.</summary>
    private sealed class GatedRules(IConfigRules inner) : IConfigRules
    {
        private TaskCompletionSource? _held;

        public TaskCompletionSource? Gate { get; set; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _held?.SetResult();

        public JsonNode? PrepareValue(SchemaNode? node, JsonNode? value, JsonObject running, List<RestconfError> errors)
        {
            if (Gate is { } gate)
            {
                _held = gate;
                Entered.SetResult();
                gate.Task.Wait();
            }
            return inner.PrepareValue(node, value, running, errors);
        }

        public int MaxHashesPerEdit => inner.MaxHashesPerEdit;

        public void OnConfig(JsonObject config, JsonObject old, List<RestconfError> errors) => inner.OnConfig(config, old, errors);

        public void OnRow(RowList list, JsonObject entry, JsonObject config, List<RestconfError> errors) => inner.OnRow(list, entry, config, errors);

        public IReadOnlyList<ManagedKeys.Failure> Complete(JsonObject config, JsonObject old, ManagedKeys.Renewal? renew, List<RestconfError> errors) =>
            inner.Complete(config, old, renew, errors);

        public CommitEffects OnCommit(JsonObject config, JsonObject old, AccountStates states, DateTimeOffset now) =>
            inner.OnCommit(config, old, states, now);
    }
}
