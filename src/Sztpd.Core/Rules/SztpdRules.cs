using System.Text.Json.Nodes;
using Sztpd.Core.Accounts;
using Sztpd.Core.Certificates;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Limits;
using Sztpd.Core.Outbound;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Rules;

/// <summary>
/// SZTPD's create/change callbacks (compat section 2.5): <c>$0$</c> secrets hashed to <c>$5$</c> and the minimum
/// password length (before the write lock, <see cref="PrepareValue"/>), the first admin rule, key and certificate
/// checks on the keystore and truststore, and dynamic callouts used as they can be.
/// </summary>
public sealed partial class SztpdRules(SchemaContext schema, TimeProvider time, InputLimits limits) : IConfigRules
{
    private const string Admins = "wn-sztpd-1:admin-accounts";

    /// <summary>The tenant whose configuration these rules check (mode x); null: the host's.</summary>
    public string? Tenant { get; init; }

    public void OnConfig(JsonObject config, JsonObject old, List<RestconfError> errors)
    {
        var admins = (config[Admins]?["admin-account"] as JsonArray ?? []).OfType<JsonObject>();
        if (!admins.Any(a => (string?)a["access"] == "unrestricted"))
        {
            errors.Add(RestconfError.InvalidValue(
                "The configuration must keep at least one admin-account with access \"unrestricted\" (the first write must create one).",
                "/" + Admins) with
            { Tag = "invalid-value" });
        }
        CheckKeystore(config, old, errors);
        CheckCrlDistributionPoints(config, errors);
        CheckTruststore(config, old, errors);
        CheckDeviceTypeKeys(config, old, errors);
        CheckCallouts(config, old, errors);
    }

    public void OnRow(RowList list, JsonObject entry, JsonObject config, List<RestconfError> errors)
    {
        CheckOwnershipVouchers(list, entry, config, errors);
        CheckDeviceCallouts(list, entry, config, errors);
    }

    public IReadOnlyList<ManagedKeys.Failure> Complete(JsonObject config, JsonObject old, ManagedKeys.Renewal? renew, List<RestconfError> errors) =>
        ManagedKeys.Complete(config, old, time.GetUtcNow(), renew, errors);

    public CommitEffects OnCommit(JsonObject config, JsonObject old, AccountStates states, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(states);
        var typed = ConfigurationMapper.Map(config);
        var (after, mail) = states.AfterEdit(ConfigurationMapper.Map(old), typed, now);
        var issued = ManagedKeys.Issued(config, old, now);
        var notices = issued.Select(i => Notifications.Of(i.Notice, "", typed, now)).ToList();
        return new CommitEffects(after, [.. notices.SelectMany(n => n.Entries)], [.. mail, .. notices.SelectMany(n => n.Outbox)], [.. issued.Select(i => i.Record)]);
    }
}
