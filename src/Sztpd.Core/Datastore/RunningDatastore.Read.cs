using System.Globalization;
using System.Text.Json.Nodes;
using Sztpd.Core.Accounts;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Storage;

namespace Sztpd.Core.Datastore;

public sealed partial class RunningDatastore
{
    private const int Page = 1000;

    /// <summary>
    /// GET on running (config only) or operational (config and state), as an RFC 8040 response document; the log-entry
    /// lists it holds are paged as <paramref name="paging"/> says (default: whole, up to its entry limit).
    /// </summary>
    public async Task<ReadResult> ReadAsync(ResourcePath path, bool operational, LogPaging? paging = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var budget = new LogBudget(paging ?? LogPaging.Default);
        try
        {
            return await ReadAsync(path, operational, budget, ct).ConfigureAwait(false);
        }
        catch (LogBudget.ExceededException)
        {
            return new(null, budget.Paging.TooBig());
        }
    }

    private async Task<ReadResult> ReadAsync(ResourcePath path, bool operational, LogBudget budget, CancellationToken ct)
    {
        if (!path.IsRoot && path.Last.Node is Yang.ListNode && path.Last.Keys is null)
        {
            return new(null, RestconfError.InvalidValue("RFC 8040 doesn't acknowledge 'list' or 'list-list' nodes as resource targets."));
        }
        var (rows, relation) = RelateToRows(path);
        JsonNode? value;
        if (relation == RowRelation.Inside)
        {
            var entry = await ReadRowAsync(rows!, string.Join(",", path.Steps[1].Keys!), operational, budget, ct).ConfigureAwait(false);
            value = entry is null ? null : Tree.Find(
                new JsonObject { [rows!.ContainerMember] = new JsonObject { [path.Steps[1].MemberName] = new JsonArray(entry) } }, path.Steps);
        }
        else
        {
            var doc = (JsonObject)_running.DeepClone();
            if (relation == RowRelation.Above)
            {
                await AddRowsAsync(doc, rows!, operational, budget, ct).ConfigureAwait(false);
            }
            if (operational)
            {
                await AddStateAsync(doc, path, budget, ct).ConfigureAwait(false);
                AddAccountState(doc);
                Certificates.ManagedKeys.AddState(doc, Configuration.ConfigurationMapper.Map(_running));
            }
            value = path.IsRoot ? doc : Tree.Find(doc, path.Steps);
        }
        if (value is null)
        {
            return new(null, new RestconfError(404, "protocol", "invalid-value", $"The resource \"{path}\" does not exist.", path.ToString()));
        }
        if (path.IsRoot)
        {
            return new((JsonObject)value, null);
        }
        var name = $"{path.Last.Node.Module.Name}:{path.Last.Node.Name}";
        return new(new JsonObject { [name] = path.Last.Keys is null ? value.DeepClone() : new JsonArray(value.DeepClone()) }, null);
    }

    private async Task<JsonObject?> ReadRowAsync(RowList rows, string key, bool operational, LogBudget budget, CancellationToken ct)
    {
        var row = await store.GetRowAsync(rows.ListPath, key, ct).ConfigureAwait(false);
        return row is null ? null : await EntryAsync(row, operational, budget, ct).ConfigureAwait(false);
    }

    /// <summary>A stored row as a list entry; the operational view adds its lifecycle statistics and bootstrapping log.</summary>
    /// <remarks>
    /// A device's log is read newest first, at most the answer's whole budget of entries (retention keeps it far shorter):
    /// the bootstrap-complete summary comes from those. When the whole log fit, the answer's page is taken from it;
    /// otherwise the page is read from the store.
    /// </remarks>
    private async Task<JsonObject> EntryAsync(StoredRow row, bool operational, LogBudget budget, CancellationToken ct)
    {
        var entry = (JsonObject)JsonNode.Parse(row.Json)!;
        if (operational)
        {
            entry["lifecycle-statistics"] = LifecycleStatistics(row);
            var p = budget.Paging;
            var newest = await store.ReadLogPageAsync("bootstrapping", row.Key, 0, p.MaxEntries, newestFirst: true, ct).ConfigureAwait(false);
            var entries = newest.Reverse().Select(e => JsonNode.Parse(e.Json)).ToArray();
            if (BootstrapComplete(entries) is { } complete)
            {
                entry["sztpd-ext:bootstrap-complete"] = complete;
            }
            IEnumerable<JsonNode?> page;
            if (newest.Count < p.MaxEntries)
            {
                page = budget.Take(entries);
            }
            else
            {
                var stored = await store.ReadLogPageAsync("bootstrapping", row.Key, p.Offset, budget.NextReadSize(), p.Backwards, ct).ConfigureAwait(false);
                page = budget.Count(stored.Select(e => JsonNode.Parse(e.Json)));
            }
            entry["bootstrapping-log"] = new JsonObject { ["log-entry"] = new JsonArray([.. page]) };
        }
        return entry;
    }

    private async Task AddRowsAsync(JsonObject doc, RowList rows, bool operational, LogBudget budget, CancellationToken ct)
    {
        var entries = new JsonArray();
        string? after = null;
        while (true)
        {
            var page = await store.ReadRowsAsync(rows.ListPath, after, Page, ct).ConfigureAwait(false);
            foreach (var row in page)
            {
                entries.Add(await EntryAsync(row, operational, budget, ct).ConfigureAwait(false));
            }
            if (page.Count < Page)
            {
                break;
            }
            after = page[^1].Key;
        }
        if (entries.Count > 0)
        {
            var container = doc[rows.ContainerMember] as JsonObject ?? [];
            container[rows.List.Name] = entries;
            doc[rows.ContainerMember] = container;
        }
    }

    /// <summary>The SSH host keys and trust anchors of the last accepted <c>bootstrap-complete</c> report in the log.</summary>
    private static JsonObject? BootstrapComplete(JsonNode?[] log)
    {
        var last = log.LastOrDefault(e => (int?)e?["return-code"] == 204
            && (string?)e?["event-details"]?["report-progress-event"]?["passed-input"]?["progress-type"] == "bootstrap-complete");
        if (last is null)
        {
            return null;
        }
        var input = last["event-details"]!["report-progress-event"]!["passed-input"]!;
        var result = new JsonObject { ["timestamp"] = last["timestamp"]?.DeepClone() };
        foreach (var member in new[] { "ssh-host-keys", "trust-anchor-certs" })
        {
            if (input[member] is JsonObject value)
            {
                result[member] = value.DeepClone();
            }
        }
        return result;
    }

    private static JsonObject LifecycleStatistics(StoredRow row)
    {
        var sbi = new JsonObject { ["num-times-accessed"] = row.AccessCount };
        if (row.FirstAccessed is { } first)
        {
            sbi["first-accessed"] = Timestamp(first);
        }
        if (row.LastAccessed is { } last)
        {
            sbi["last-accessed"] = Timestamp(last);
        }
        return new JsonObject
        {
            ["nbi-access-stats"] = new JsonObject { ["created"] = Timestamp(row.Created), ["num-times-modified"] = row.ModifiedCount },
            ["sbi-access-stats"] = sbi,
        };
    }

    /// <summary>RFC 3339 UTC with seconds, as SZTPD writes timestamps (e.g. 2022-08-17T19:35:22Z).</summary>
    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>Top-level state data: the audit and notification logs, and the outbox.</summary>
    private async Task AddStateAsync(JsonObject doc, ResourcePath path, LogBudget budget, CancellationToken ct)
    {
        foreach (var (node, log) in new[] { ("audit-log", "audit"), ("notification-log", Outbound.Notifications.Log) })
        {
            if (Targeted(node) is { } state)
            {
                var p = budget.Paging;
                var entries = await store.ReadLogPageAsync(log, "", p.Offset, budget.NextReadSize(), p.Backwards, ct).ConfigureAwait(false);
                doc[$"{state.Module.Name}:{state.Name}"] = new JsonObject
                {
                    ["log-entry"] = new JsonArray([.. budget.Count(entries.Select(e => JsonNode.Parse(e.Json)))]),
                };
            }
        }
        if (Targeted("outbox") is { } outbox)
        {
            doc[$"{outbox.Module.Name}:{outbox.Name}"] = await OutboxAsync(budget, ct).ConfigureAwait(false);
        }
        if (Targeted("issued-certificates") is { } issued)
        {
            doc[$"{issued.Module.Name}:{issued.Name}"] = await IssuedCertificatesAsync(budget, ct).ConfigureAwait(false);
        }

        Yang.SchemaNode? Targeted(string name) =>
            schema.TopLevelDataNodes.FirstOrDefault(n => n.Name == name && !n.Config) is { } node && (path.IsRoot || ReferenceEquals(path.Steps[0].Node, node)) ? node : null;
    }

    /// <summary>Each admin account's <c>password-last-modified</c>, and when its password or activation link expires.</summary>
    private void AddAccountState(JsonObject doc)
    {
        var preferences = Configuration.ConfigurationMapper.Map(_running).Authentication;
        foreach (var account in (doc["wn-sztpd-1:admin-accounts"]?["admin-account"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var email = (string)account["email-address"]!;
            if (_accounts.Of(email) is not { } state)
            {
                continue;
            }
            account["password-last-modified"] = Timestamp(state.PasswordLastModified);
            if (_accounts.PasswordExpires(email, preferences) is { } expires)
            {
                account["sztpd-ext:password-expires"] = Timestamp(expires);
            }
            if (state.ActivationExpires is { } activation)
            {
                account["sztpd-ext:activation-expires"] = Timestamp(activation);
            }
        }
    }

    /// <summary>The certificates sztpd issued (paged as the logs are), each with where it stands now.</summary>
    private async Task<JsonObject> IssuedCertificatesAsync(LogBudget budget, CancellationToken ct)
    {
        var p = budget.Paging;
        var page = await store.Certificates.ReadAsync("", null, p.Offset, budget.NextReadSize(), p.Backwards, ct).ConfigureAwait(false);
        var inForce = Certificates.ManagedKeys.InForceSerials(_running).ToDictionary(k => Certificates.ManagedKeys.Holder(k.Key), k => k.Value, StringComparer.Ordinal);
        var next = Certificates.ManagedKeys.NextSerials(_running).ToDictionary(k => Certificates.ManagedKeys.Holder(k.Key), k => k.Value, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        return new JsonObject
        {
            ["certificate"] = new JsonArray([.. budget.Count(page.Select(c =>
            {
                var entry = new JsonObject
                {
                    ["issuer"] = c.Issuer,
                    ["serial-number"] = c.Serial,
                    ["holder"] = c.Holder,
                    ["subject"] = c.Subject,
                    ["not-before"] = Timestamp(c.NotBefore),
                    ["not-after"] = Timestamp(c.NotAfter),
                    ["state"] = c.Revoked is not null ? "revoked"
                        : c.NotAfter <= now ? "expired"
                        : next.TryGetValue(c.Holder, out var prepublished) && prepublished == c.Serial ? "prepublished"
                        : inForce.TryGetValue(c.Holder, out var serial) ? (serial == c.Serial ? "deployed" : "archived")
                        : c.Holder.StartsWith("asymmetric-key ", StringComparison.Ordinal) ? "archived" : "issued",
                };
                if (c.Revoked is { } revoked)
                {
                    entry["revoked"] = Timestamp(revoked);
                    entry["reason"] = c.Reason;
                }
                entry["certificate"] = c.Der;
                return (JsonNode)entry;
            }))]),
        };
    }

    /// <summary>The outbox's pending count and its dead messages (paged as the logs are).</summary>
    private async Task<JsonObject> OutboxAsync(LogBudget budget, CancellationToken ct)
    {
        var p = budget.Paging;
        var dead = await store.Outbox.ReadAsync(OutboxState.Dead, p.Offset, budget.NextReadSize(), p.Backwards, ct: ct).ConfigureAwait(false);
        return new JsonObject
        {
            // uint64 is a JSON string (RFC 7951 section 6.1).
            ["pending"] = (await store.Outbox.CountAsync(OutboxState.Pending, ct: ct).ConfigureAwait(false)).ToString(CultureInfo.InvariantCulture),
            ["dead-message"] = new JsonArray([.. budget.Count(dead.Select(m => (JsonNode)new JsonObject
            {
                ["id"] = m.Id.ToString(CultureInfo.InvariantCulture),
                ["kind"] = m.Kind,
                ["target"] = m.Target,
                ["scope"] = m.Scope,
                ["created"] = Timestamp(m.Created),
                ["attempts"] = m.Attempts,
                ["last-error"] = m.LastError ?? "",
                ["message"] = m.Kind == AccountStates.EmailKind ? "(withheld: an e-mail to an admin account, which may hold its activation link)" : m.Json,
            }))]),
        };
    }
}
