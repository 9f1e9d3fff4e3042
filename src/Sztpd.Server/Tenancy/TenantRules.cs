using System.Text.Json.Nodes;
using Sztpd.Core.Accounts;
using Sztpd.Core.Certificates;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Server.Tenancy;

/// <summary>
/// The rules of a tenant's tree (docs/multi-tenancy.md): the application's, and what is the host's alone refused: the
/// transport, plugins (so callouts are webhooks), e-mail, account activation, password aging and the host's mode-x
/// preferences. An
/// admin's e-mail address must be unused in the host and every other tenant.
/// </summary>
internal sealed class TenantRules(IConfigRules inner, string tenant, Func<Tenants> tenants) : IConfigRules
{
    private const string Preferences = "wn-sztpd-1:preferences";

    public JsonNode? PrepareValue(SchemaNode? node, JsonNode? value, JsonObject running, List<RestconfError> errors) =>
        inner.PrepareValue(node, value, running, errors);

    public int MaxHashesPerEdit => inner.MaxHashesPerEdit;

    public void OnConfig(JsonObject config, JsonObject old, List<RestconfError> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(errors);
        inner.OnConfig(config, old, errors);
        void Host(bool present, string what, string path)
        {
            if (present)
            {
                errors.Add(RestconfError.InvalidValue($"{what} the host's: a tenant has none.", path));
            }
        }
        var preferences = config[Preferences] as JsonObject;
        Host(config.ContainsKey("wn-sztpd-1:transport"), "The transport (listeners) is", "/wn-sztpd-1:transport");
        Host(preferences?["system"]?["plugins"] is not null, "Plugins are", $"/{Preferences}/system/plugins");
        Host(preferences?["sztpd-ext:email"] is not null, "E-mail (the SMTP server) is", $"/{Preferences}/sztpd-ext:email");
        Host((bool?)preferences?["sztpd-ext:authentication"]?["account-activation"] == true, "Account activation (it e-mails through the host's server) is",
            $"/{Preferences}/sztpd-ext:authentication/account-activation");
        Host(preferences?["sztpd-ext:authentication"]?["password-aging-timeout"] is not null, "Password aging (its warnings are e-mailed through the host's server) is",
            $"/{Preferences}/sztpd-ext:authentication/password-aging-timeout");
        Host(preferences?["wn-sztpd-x:device-ownership-verification"] is not null, "Device ownership verification is",
            $"/{Preferences}/wn-sztpd-x:device-ownership-verification");
        Host(config.ContainsKey("wn-sztpd-x:tenants"), "Tenants are", "/wn-sztpd-x:tenants");
        foreach (var callout in ConfigurationMapper.Map(config).DynamicCallouts.Values.Where(c => c.Callback is not null))
        {
            errors.Add(RestconfError.InvalidValue($"The dynamic callout \"{callout.Name}\" calls a plugin, and plugins are the host's: a tenant's callouts are webhooks.",
                $"/wn-sztpd-1:dynamic-callouts/dynamic-callout={callout.Name}/callback"));
        }
        var registry = tenants();
        foreach (var admin in ConfigurationMapper.Map(config).AdminAccounts)
        {
            var elsewhere = registry.OfAdmin(admin.EmailAddress) is { } other && other.Name != tenant
                || ConfigurationMapper.Map(registry.Host.Running).AdminAccounts.Any(a => a.EmailAddress == admin.EmailAddress);
            if (elsewhere)
            {
                errors.Add(Tenants.AddressTaken(admin.EmailAddress));
            }
        }
    }

    public void OnRow(RowList list, JsonObject entry, JsonObject config, List<RestconfError> errors) => inner.OnRow(list, entry, config, errors);

    public IReadOnlyList<ManagedKeys.Failure> Complete(JsonObject config, JsonObject old, ManagedKeys.Renewal? renew, List<RestconfError> errors) =>
        inner.Complete(config, old, renew, errors);

    public CommitEffects OnCommit(JsonObject config, JsonObject old, AccountStates states, DateTimeOffset now) =>
        inner.OnCommit(config, old, states, now);
}
