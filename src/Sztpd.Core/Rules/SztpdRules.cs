using System.Text.Json.Nodes;
using Sztpd.Core.Data;
using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;
using Sztpd.Pki.Passwords;

namespace Sztpd.Core.Rules;

/// <summary>
/// SZTPD's create/change callbacks (compat section 2.5): <c>$0$</c> secrets hashed to <c>$5$</c>, the first
/// admin rule, minimum password length, and key and certificate checks on the keystore and truststore.
/// </summary>
public sealed partial class SztpdRules(SchemaContext schema, TimeProvider time) : IConfigRules
{
    private const string Admins = "wn-sztpd-1:admin-accounts";

    public void OnConfig(JsonObject config, JsonObject old, List<RestconfError> errors)
    {
        var minimum = (int?)config["wn-sztpd-1:preferences"]?["sztpd-ext:authentication"]?["minimum-password-length"] ?? 0;
        HashSecrets(null, config, minimum, errors);
        var admins = (config[Admins]?["admin-account"] as JsonArray ?? []).OfType<JsonObject>();
        if (!admins.Any(a => (string?)a["access"] == "unrestricted"))
        {
            errors.Add(RestconfError.InvalidValue(
                "The configuration must keep at least one admin-account with access \"unrestricted\" (the first write must create one).",
                "/" + Admins) with
            { Tag = "invalid-value" });
        }
        CheckKeystore(config, old, errors);
        CheckTruststore(config, old, errors);
        CheckDeviceTypeKeys(config, old, errors);
    }

    public void OnRow(RowList list, JsonObject entry, JsonObject config, List<RestconfError> errors)
    {
        HashSecrets(list.List, entry, 0, errors);
        CheckOwnershipVouchers(list, entry, config, errors);
    }

    /// <summary>Replaces every <c>$0$clear</c> value of a crypt-hash leaf (RFC 7317) by its SHA-256-crypt hash.</summary>
    private void HashSecrets(InteriorNode? node, JsonObject obj, int minimum, List<RestconfError> errors) =>
        LeafWalker.Walk(schema, node, obj, (leaf, owner, member, value) =>
        {
            if (leaf is not LeafNode { Type: var type } || !SecretLeaves.IsCryptHash(type) || DataKeys.Text(value) is not { } text || !CryptHash.IsClearText(text))
            {
                return;
            }
            if (leaf.Name == "password" && CryptHash.ClearTextOf(text).Length < minimum)
            {
                errors.Add(RestconfError.InvalidValue($"Passwords must be at least {minimum} characters long.", leaf.Path));
            }
            owner[member] = CryptHash.ToStored(text);
        });
}
