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

    /// <summary>The most <c>$0$</c> values <see cref="PrepareValue"/> hashes in one edit; it refuses an edit with more.</summary>
    int MaxHashesPerEdit { get; }

    /// <summary>
    /// Completes the new configuration (validated, without row-list entries) in place before it is checked: writes the
    /// keys and certificates of managed keystore keys that need them, and with <paramref name="renew"/> renews those
    /// due and those it names (<see cref="Certificates.ManagedKeys.Complete"/>). Returns the renewals that failed.
    /// </summary>
    IReadOnlyList<Certificates.ManagedKeys.Failure> Complete(JsonObject config, JsonObject old, Certificates.ManagedKeys.Renewal? renew, List<Restconf.RestconfError> errors);

    /// <summary>Checks the new configuration (without row-list entries); <paramref name="old"/> is the previous one.</summary>
    void OnConfig(JsonObject config, JsonObject old, List<Restconf.RestconfError> errors);

    /// <summary>Checks one row-list entry (e.g. a device) being written into configuration <paramref name="config"/>.</summary>
    void OnRow(RowList list, JsonObject entry, JsonObject config, List<Restconf.RestconfError> errors);

    /// <summary>
    /// What committing <paramref name="config"/> over <paramref name="old"/> at <paramref name="now"/> also writes, in the
    /// same commit (<see cref="CommitEffects"/>).
    /// </summary>
    CommitEffects OnCommit(JsonObject config, JsonObject old, Accounts.AccountStates states, DateTimeOffset now);
}

/// <summary>
/// What a commit writes besides the configuration: the admin accounts' state after it (the one before when unchanged),
/// the log entries it adds (notifications of the certificates it issued), the messages it sends, and the certificates
/// it issued.
/// </summary>
public sealed record CommitEffects(Accounts.AccountStates States, IReadOnlyList<Storage.LogAppend> Log, IReadOnlyList<Storage.OutboxAppend> Outbox,
    IReadOnlyList<Storage.CertificateAppend> Certificates);
