using System.Text.Json.Nodes;
using Sztpd.Core.Accounts;
using Sztpd.Core.Certificates;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;
using Sztpd.Server.Outbound;

namespace Sztpd.Server;

/// <summary>
/// The application rules plus the server's own: a transport change must be bindable before it is accepted, and a
/// configured plugin loadable with the functions it is configured with, and an SMTP user must have its password.
/// </summary>
internal sealed class ServerRules(IConfigRules inner, Lazy<ServerState> lazyState, PluginHost plugins, bool smtpPassword, IReadOnlySet<string> tsigKeys) : IConfigRules
{
    private static readonly string[] TlsInputs = ["wn-sztpd-1:transport", "wn-sztpd-1:keystore", "wn-sztpd-1:truststore"];

    public JsonNode? PrepareValue(SchemaNode? node, JsonNode? value, JsonObject running, List<RestconfError> errors) =>
        inner.PrepareValue(node, value, running, errors);

    public int MaxHashesPerEdit => inner.MaxHashesPerEdit;

    public IReadOnlyList<ManagedKeys.Failure> Complete(JsonObject config, JsonObject old, ManagedKeys.Renewal? renew, List<RestconfError> errors) =>
        inner.Complete(config, old, renew, errors);

    public CommitEffects OnCommit(JsonObject config, JsonObject old, AccountStates states, DateTimeOffset now) =>
        inner.OnCommit(config, old, states, now);

    public void OnConfig(JsonObject config, JsonObject old, List<RestconfError> errors)
    {
        inner.OnConfig(config, old, errors);
        CheckPlugins(config, old, errors);
        CheckEmail(config["wn-sztpd-1:preferences"]?["sztpd-ext:email"] as JsonObject, errors);
        CheckTsigKeys(config, errors);
        CheckAccountActivation(config, old, errors);
        CheckMode(config, errors);
        if (errors.Count > 0 || lazyState.Value.Listeners is null || TlsInputs.All(n => config[n]?.ToJsonString() == old[n]?.ToJsonString()))
        {
            return;
        }
        if (lazyState.Value.Listeners.CheckBindable(config) is { } problem)
        {
            errors.Add(RestconfError.OperationFailed(problem, "/wn-sztpd-1:transport"));
        }
    }

    /// <summary>
    /// Each plugin must load and have its configured functions, as SZTPD imports a plugin when it is configured (501 with
    /// the reason otherwise). Loading starts the plugin, which says its functions within a few seconds.
    /// </summary>
    private void CheckPlugins(JsonObject config, JsonObject old, List<RestconfError> errors)
    {
        var configured = Plugins(config);
        if (configured.ToJsonString() == Plugins(old).ToJsonString())
        {
            return;
        }
        foreach (var plugin in configured.OfType<JsonObject>())
        {
            var name = (string)plugin["name"]!;
            var path = $"/wn-sztpd-1:preferences/system/plugins/plugin={name}";
            // Rules are synchronous; a plugin says its functions at once when it starts (within PluginHost.CallTimeout).
            var (functions, error) = plugins.LoadAsync(name, CancellationToken.None).GetAwaiter().GetResult();
            if (functions is null)
            {
                errors.Add(NotImplemented($"The plugin \"{name}\" cannot be loaded: {error}", path));
                continue;
            }
            foreach (var function in (plugin["functions"]?["function"] as JsonArray ?? []).OfType<JsonObject>().Select(f => (string)f["name"]!).Where(f => !functions.Contains(f)))
            {
                errors.Add(NotImplemented($"The plugin \"{name}\" has no function \"{function}\" (it has {(functions.Count == 0 ? "none" : string.Join(", ", functions))}).",
                    $"{path}/functions/function={function}"));
            }
        }
    }

    /// <summary>An ACME account's DNS-01 must name a TSIG key that sztpd read at start (SZTPD_TSIG_KEYS_FILE).</summary>
    private void CheckTsigKeys(JsonObject config, List<RestconfError> errors)
    {
        foreach (var account in (config["wn-sztpd-1:preferences"]?["sztpd-ext:acme"]?["account"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((string?)account["dns-01"]?["tsig-key"] is { } key && !tsigKeys.Contains(key))
            {
                errors.Add(RestconfError.OperationFailed(
                    $"dns-01/tsig-key \"{key}\" is none of the TSIG keys sztpd read at start from the file SZTPD_TSIG_KEYS_FILE names ({(tsigKeys.Count == 0 ? "it was started without" : string.Join(", ", tsigKeys.Order(StringComparer.Ordinal)))}).",
                    $"/wn-sztpd-1:preferences/sztpd-ext:acme/account={(string?)account["name"]}/dns-01/tsig-key"));
            }
        }
    }

    /// <summary>The e-mail settings must be usable: addresses that parse, and a password for a user.</summary>
    private void CheckEmail(JsonObject? email, List<RestconfError> errors)
    {
        const string Path = "/wn-sztpd-1:preferences/sztpd-ext:email";
        if (email is null)
        {
            return;
        }
        if (email["username"] is not null && !smtpPassword)
        {
            errors.Add(RestconfError.OperationFailed("email/username needs a password, which sztpd reads at start from the file SZTPD_SMTP_PASSWORD_FILE names: it was started without.",
                Path + "/username"));
        }
        foreach (var (leaf, address) in new[] { ("from", email["from"]) }.Concat((email["notify"] as JsonArray ?? []).Select(a => ("notify", a)))
            .Select(p => (p.Item1, (string?)p.Item2 ?? "")))
        {
            if (!IsAddress(address))
            {
                errors.Add(RestconfError.InvalidValue($"email/{leaf} \"{address}\" is not an e-mail address.", $"{Path}/{leaf}"));
            }
        }
    }

    /// <summary>
    /// Account activation must be able to send its links: e-mail configured, a native-interface endpoint to address
    /// them to, and the new accounts' names e-mail addresses.
    /// </summary>
    private static void CheckAccountActivation(JsonObject config, JsonObject old, List<RestconfError> errors)
    {
        const string Path = "/wn-sztpd-1:preferences/sztpd-ext:authentication/account-activation";
        var typed = ConfigurationMapper.Map(config);
        if (!typed.Authentication.AccountActivation)
        {
            return;
        }
        if (typed.Email is null)
        {
            errors.Add(RestconfError.InvalidValue("account-activation needs preferences/sztpd-ext:email to send the activation links.", Path));
        }
        if (AccountStates.LinkBase(typed) is null)
        {
            errors.Add(RestconfError.InvalidValue(
                "account-activation needs a native-interface endpoint to address its links to: one with sztpd-ext:external-endpoint, or with a local address that is not a wildcard and a local port.",
                Path));
        }
        var before = ConfigurationMapper.Map(old).AdminAccounts.Select(a => a.EmailAddress).ToHashSet(StringComparer.Ordinal);
        foreach (var admin in typed.AdminAccounts.Where(a => before.Count > 0 && !before.Contains(a.EmailAddress) && !IsAddress(a.EmailAddress)))
        {
            errors.Add(RestconfError.InvalidValue($"email-address \"{admin.EmailAddress}\" is not an e-mail address, and account-activation sends it its link.",
                $"/wn-sztpd-1:admin-accounts/admin-account={Uri.EscapeDataString(admin.EmailAddress)}/email-address"));
        }
    }

    /// <summary>
    /// Mode 1 has no tenants, nor their ownership check; in mode x, tenants are created and edited at their own paths, and
    /// a host admin's e-mail address is no tenant admin's.
    /// </summary>
    private void CheckMode(JsonObject config, List<RestconfError> errors)
    {
        var verification = config["wn-sztpd-1:preferences"]?["wn-sztpd-x:device-ownership-verification"] is not null;
        if (lazyState.Value.Tenants is not { } tenants)
        {
            if (config.ContainsKey("wn-sztpd-x:tenants") || verification)
            {
                errors.Add(RestconfError.InvalidValue("Tenants, and the verification of their devices, are mode x's: this database was initialized in mode 1.",
                    config.ContainsKey("wn-sztpd-x:tenants") ? "/wn-sztpd-x:tenants" : "/wn-sztpd-1:preferences/wn-sztpd-x:device-ownership-verification"));
            }
            return;
        }
        if (config.ContainsKey("wn-sztpd-x:tenants"))
        {
            errors.Add(RestconfError.InvalidValue("Tenants are created, replaced and deleted one per edit, at /wn-sztpd-x:tenants/tenant=NAME.", "/wn-sztpd-x:tenants"));
        }
        // The host's callouts are stored as outbox targets under their own names, a tenant's under tenant/NAME/.
        foreach (var callout in ConfigurationMapper.Map(config).DynamicCallouts.Keys.Where(n => n.StartsWith("tenant/", StringComparison.Ordinal)))
        {
            errors.Add(RestconfError.InvalidValue($"The dynamic callout name \"{callout}\" starts with \"tenant/\", which mode x keeps for tenants.",
                $"/wn-sztpd-1:dynamic-callouts/dynamic-callout={Uri.EscapeDataString(callout)}/name"));
        }
        errors.AddRange(ConfigurationMapper.Map(config).AdminAccounts.Where(a => tenants.OfAdmin(a.EmailAddress) is not null)
            .Select(a => Tenancy.Tenants.AddressTaken(a.EmailAddress)));
    }

    private static bool IsAddress(string text) => MimeKit.MailboxAddress.TryParse(text, out var parsed) && parsed.Address.IndexOf('@', StringComparison.Ordinal) > 0;

    private static JsonArray Plugins(JsonObject config) => config["wn-sztpd-1:preferences"]?["system"]?["plugins"]?["plugin"] as JsonArray ?? [];

    private static RestconfError NotImplemented(string message, string path) => new(501, "application", "operation-not-supported", message, path);

    public void OnRow(RowList list, JsonObject entry, JsonObject config, List<RestconfError> errors) => inner.OnRow(list, entry, config, errors);
}
