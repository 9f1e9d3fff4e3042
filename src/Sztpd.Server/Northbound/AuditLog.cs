using System.Text.Json.Nodes;
using Sztpd.Core.Storage;

namespace Sztpd.Server.Northbound;

/// <summary>Appends the audit-log entry every request gets (SZTPD's <c>log-entry</c> shape, compat section 2.4).</summary>
internal sealed class AuditLog(IDataStore store, TimeProvider time)
{
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
            entry["source-proxies"] = new JsonArray(proxies.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => (JsonNode)p).ToArray());
        }
        entry["host"] = ctx.Request.Host.Value ?? "";
        entry["method"] = ctx.Request.Method;
        entry["path"] = path;
        entry["outcome"] = success ? "success" : "failure";
        if (comment is not null)
        {
            entry["comment"] = comment;
        }
        return new LogAppend("audit", "", now, entry.ToJsonString());
    }
}
