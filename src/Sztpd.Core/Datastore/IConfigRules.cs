using System.Text.Json.Nodes;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Datastore;

/// <summary>
/// Application rules run on every accepted edit before it is stored (SZTPD's create/change callbacks):
/// they may rewrite values (hash <c>$0$</c> secrets) and add errors (key pairs, certificate shapes).
/// </summary>
public interface IConfigRules
{
    /// <summary>
    /// The costly rewriting of an edit's body that needs no lock (hashing <c>$0$</c> secrets), done before the write
    /// lock is taken so that it never delays other edits. <paramref name="node"/> is the schema node of
    /// <paramref name="value"/> (null: the whole datastore); <paramref name="running"/> the configuration in force.
    /// Returns the value to apply.
    /// </summary>
    JsonNode? PrepareValue(SchemaNode? node, JsonNode? value, JsonObject running, List<Restconf.RestconfError> errors);

    /// <summary>Checks the new configuration (without row-list entries); <paramref name="old"/> is the previous one.</summary>
    void OnConfig(JsonObject config, JsonObject old, List<Restconf.RestconfError> errors);

    /// <summary>Checks one row-list entry (e.g. a device) being written into configuration <paramref name="config"/>.</summary>
    void OnRow(RowList list, JsonObject entry, JsonObject config, List<Restconf.RestconfError> errors);

    /// <summary>
    /// What committing <paramref name="config"/> over <paramref name="old"/> at <paramref name="now"/> also writes, in the
    /// same commit: the admin accounts' state after it (<paramref name="states"/> itself when unchanged) and the e-mails
    /// it sends.
    /// </summary>
    (Accounts.AccountStates States, IReadOnlyList<Storage.OutboxAppend> Outbox) OnCommit(JsonObject config, JsonObject old, Accounts.AccountStates states, DateTimeOffset now);
}
