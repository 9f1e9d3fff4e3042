using System.Text.Json.Nodes;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;
using Sztpd.Pki.Passwords;

namespace Sztpd.Core.Datastore;

public sealed partial class RunningDatastore
{
    /// <summary>
    /// Before the write lock, checks each of the body's row-list entries (<see cref="EditBody.Rows"/>) on a copy, so that
    /// the body's own stay as the parser left them (to be normalized one by one as they are written, docs/performance.md):
    /// their errors (a duplicate key too) are the edit's; those that hold clear-text crypt-hash values are kept normalized,
    /// for the rules to hash with the rest of the body (<see cref="BodyRows.Lend"/>; past the rules'
    /// <see cref="IConfigRules.MaxHashesPerEdit"/> the edit is refused, so no more are kept); those that hold hashes are
    /// checked by the rules alone; and when the <see cref="RowAuthorizer"/> asks, what it is given of those that do not
    /// exist yet (<see cref="Identity"/>).
    /// </summary>
    private async Task<BodyRows> CheckBodyRowsAsync(RowList rows, EditBody body, List<RestconfError> errors, CancellationToken ct)
    {
        var deferred = body.Rows!;
        var checkedRows = new BodyRows(deferred);
        var authorized = RowAuthorizer?.Asks(rows, AuthorizationConfig(body)) == true;
        // A PATCH's entries are merged into the stored ones: checked as partial here, whole once merged.
        var validator = new InstanceValidator(schema, config: true) { Partial = body.Method == EditMethod.Patch, MaxKeyLength = MaxKeyLength };
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var kept = 0;
        for (var i = 0; i < deferred.Entries.Count; i++)
        {
            // A copy (a small document of its own) is read, so that the body's entry stays unread: reading a parsed node
            // makes its members' nodes, which would then be held until the entry is written.
            if (validator.NormalizeEntry(rows.List, deferred.Entries[i]?.DeepClone(), rows.ListPath) is not { } entry)
            {
                continue;
            }
            var key = DataKeys.EntryKey(rows.List, entry)!;
            if (!keys.Add(key))
            {
                errors.Add(InstanceValidator.DuplicateEntry(rows.List, key, rows.ListPath));
                continue;
            }
            var (hashes, clear) = CryptHashes(rows.List, entry);
            if (clear > 0 && kept <= rules.MaxHashesPerEdit)
            {
                // Hashed with the rest of the body, and counted with it. Past the limit the rules refuse the edit: no more are kept.
                kept += clear;
                checkedRows.AddPrepared(i, entry);
            }
            else if (hashes && clear == 0)
            {
                rules.PrepareValue(rows.List, entry, _running, errors); // hashes are only checked (their rounds)
            }
            if (authorized && await IsNewAsync(rows, entry, ct).ConfigureAwait(false))
            {
                checkedRows.Created.Add(Identity(rows, entry));
            }
        }
        errors.AddRange(validator.Errors);
        return checkedRows;
    }

    /// <summary>Whether <paramref name="entry"/> holds crypt-hash values, and how many of them are in clear text (<c>$0$</c>).</summary>
    private (bool Any, int Clear) CryptHashes(ListNode list, JsonObject entry)
    {
        var (any, clear) = (false, 0);
        LeafWalker.Walk(schema, list, entry, (node, _, _, value) =>
        {
            if (node is LeafNode { Type: var t } && SecretLeaves.IsCryptHash(t))
            {
                any = true;
                clear += CryptHash.IsClearText(DataKeys.Text(value)) ? 1 : 0;
            }
        });
        return (any, clear);
    }

    /// <summary>The body's row-list entries as <see cref="CheckBodyRowsAsync"/> found them.</summary>
    private sealed class BodyRows(DeferredEntries deferred)
    {
        private readonly List<int> _preparedAt = [];
        private readonly JsonArray _prepared = [];

        /// <summary>The entries that do not exist yet, when a row authorizer is to see them (what it is given of each, <see cref="Identity"/>).</summary>
        public List<JsonObject> Created { get; } = [];

        public void AddPrepared(int index, JsonObject entry)
        {
            _preparedAt.Add(index);
            _prepared.Add(entry);
        }

        /// <summary>Puts the entries that hold clear-text crypt-hash values where the body had its entries, for the rules' <see cref="IConfigRules.PrepareValue"/>.</summary>
        public void Lend()
        {
            if (_prepared.Count > 0)
            {
                deferred.Owner[deferred.Member] = _prepared;
            }
        }

        /// <summary>Takes them back out of the value, each in place of the body's own entry.</summary>
        public void Return()
        {
            if (_prepared.Count == 0)
            {
                return;
            }
            deferred.Owner.Remove(deferred.Member);
            var entries = _prepared.ToList();
            _prepared.Clear();
            for (var i = 0; i < entries.Count; i++)
            {
                deferred.Entries[_preparedAt[i]] = entries[i];
            }
        }
    }
}
