using System.Text.Json.Nodes;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Datastore;

public sealed partial class RunningDatastore
{
    /// <summary>
    /// Before the write lock, checks each of the body's row-list entries (<see cref="EditBody.Rows"/>) on a copy, so that
    /// the body's own stay as the parser left them (to be normalized one by one as they are written, docs/performance.md):
    /// their errors (a duplicate key too) are the edit's; those that hold crypt-hash values are kept normalized, for the
    /// rules to hash with the rest of the body (<see cref="BodyRows.Lend"/>); and when the <see cref="RowAuthorizer"/> asks,
    /// what it is given of those that do not exist yet (<see cref="Identity"/>).
    /// </summary>
    private async Task<BodyRows> CheckBodyRowsAsync(RowList rows, EditBody body, List<RestconfError> errors, CancellationToken ct)
    {
        var deferred = body.Rows!;
        var checkedRows = new BodyRows(deferred);
        var authorized = RowAuthorizer?.Asks(rows, AuthorizationConfig(body)) == true;
        // A PATCH's entries are merged into the stored ones: checked as partial here, whole once merged.
        var validator = new InstanceValidator(schema, config: true) { Partial = body.Method == EditMethod.Patch, MaxKeyLength = MaxKeyLength };
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < deferred.Entries.Count; i++)
        {
            // The copy of an entry the parser has not yet read is the parser's too: reading it leaves the original unread.
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
            if (HoldsCryptHash(rows.List, entry))
            {
                checkedRows.AddPrepared(i, entry);
            }
            if (authorized && await IsNewAsync(rows, entry, ct).ConfigureAwait(false))
            {
                checkedRows.Created.Add(Identity(rows, entry));
            }
        }
        errors.AddRange(validator.Errors);
        return checkedRows;
    }

    private bool HoldsCryptHash(ListNode list, JsonObject entry)
    {
        var holds = false;
        LeafWalker.Walk(schema, list, entry, (node, _, _, _) => holds |= node is LeafNode { Type: var t } && SecretLeaves.IsCryptHash(t));
        return holds;
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

        /// <summary>Puts the entries that hold crypt-hash values where the body had its entries, for the rules' <see cref="IConfigRules.PrepareValue"/>.</summary>
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
