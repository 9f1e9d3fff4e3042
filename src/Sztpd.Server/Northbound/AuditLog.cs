using System.Text.Json.Nodes;
using Sztpd.Core.Limits;
using Sztpd.Core.Storage;

namespace Sztpd.Server.Northbound;

/// <summary>
/// Appends the audit-log entry every request gets (SZTPD's <c>log-entry</c> shape, compat section 2.4). What it keeps
/// of the request is bounded: each text at most <see cref="InputLimits.MaxLoggedText"/> characters (cut and marked),
/// and the first <see cref="MaxProxies"/> addresses of <c>X-Forwarded-For</c>.
/// </summary>
internal sealed class AuditLog(IDataStore store, TimeProvider time, InputLimits limits)
{
    public const int MaxProxies = 8;
    private const int MaxProxyLength = 64;

    public Task RecordAsync(HttpContext ctx, string path, bool success, string? comment)
    {
        var entry = Entry(ctx, path, success, comment);
        return store.AppendLogAsync(entry.Log, entry.Scope, entry.Timestamp, entry.Json, CancellationToken.None);
    }

    /// <summary>The entry <see cref="RecordAsync"/> appends, for a caller that commits it with its own writes.</summary>
    public LogAppend Entry(HttpContext ctx, string path, bool success, string? comment)
    {
        var now = time.GetUtcNow();
        var entry = new JsonObject
        {
            ["timestamp"] = Core.Datastore.RunningDatastore.Timestamp(now),
            ["source-ip"] = ctx.Connection.RemoteIpAddress?.ToString() ?? "",
        };
        var proxies = ctx.Request.Headers["X-Forwarded-For"].ToString();
        if (proxies.Length > 0)
        {
            var all = proxies.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var kept = all.Take(MaxProxies).Select(p => (JsonNode)LoggedText.Bound(p, MaxProxyLength)).ToList();
            if (all.Length > MaxProxies)
            {
                kept.Add($"... [truncated: {all.Length} addresses]");
            }
            entry["source-proxies"] = new JsonArray([.. kept]);
        }
        entry["host"] = Bound(ctx.Request.Host.Value ?? "");
        entry["method"] = Bound(ctx.Request.Method);
        entry["path"] = Bound(path);
        entry["outcome"] = success ? "success" : "failure";
        if (comment is not null)
        {
            entry["comment"] = Bound(comment);
        }
        return new LogAppend("audit", "", now, entry.ToJsonString());
    }

    private string Bound(string text) => LoggedText.Bound(text, limits.MaxLoggedText);
}
