using System.Globalization;
using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;
using Sztpd.Core.Storage;
using Sztpd.Server.Outbound;

namespace Sztpd.Server.Northbound;

/// <summary>
/// The native interface's RPCs (RFC 8040 section 3.6): <c>sztpd-ext:retry-dead-messages</c> and
/// <c>sztpd-ext:discard-dead-messages</c> on the outbox's dead messages, and <c>sztpd-ext:revoke-certificate</c>,
/// <c>sztpd-ext:export-certificate</c> and <c>sztpd-ext:renew-certificate</c> (<see cref="CertificateOperations"/>), for
/// <c>read-write</c> and <c>unrestricted</c> admins. Input and output in JSON.
/// </summary>
internal sealed class RpcOperations(IOutboxStore outbox, OutboxWorker worker, CertificateOperations certificates, TimeProvider time)
{
    public const string Root = "/restconf/operations";
    private const string Retry = "sztpd-ext:retry-dead-messages";
    private const string Discard = "sztpd-ext:discard-dead-messages";
    private const int MaxIds = 1000;

    /// <summary>
    /// RFC 8040 section 3.3.2: the operations resource lists every RPC of the interface: on the tenant interface
    /// (<paramref name="tenantInterface"/>) the certificate RPCs only, the outbox being the host's.
    /// </summary>
    public static JsonObject List(bool tenantInterface = false)
    {
        var operations = new JsonObject();
        foreach (var name in Names(tenantInterface))
        {
            operations[name] = new JsonArray((JsonNode?)null);
        }
        return new JsonObject { ["ietf-restconf:operations"] = operations };
    }

    private static string[] Names(bool tenantInterface) => tenantInterface
        ? [CertificateOperations.RevokeRpc, CertificateOperations.ExportRpc, CertificateOperations.RenewRpc]
        : [Retry, Discard, CertificateOperations.RevokeRpc, CertificateOperations.ExportRpc, CertificateOperations.RenewRpc];

    /// <summary>
    /// The answer to a POST of <paramref name="name"/> (the path after <see cref="Root"/>/) with <paramref name="body"/>:
    /// output or error. On the tenant interface, <paramref name="tenant"/> is the admin's tenant, whose RPCs these are.
    /// </summary>
    public async Task<(JsonObject? Output, RestconfError? Error)> InvokeAsync(string name, string access, byte[]? body, int maxDepth, CancellationToken ct,
        Tenancy.Tenant? tenant = null)
    {
        if (!Names(tenant is not null).Contains(name))
        {
            return (null, new RestconfError(404, "protocol", "invalid-value",
                $"No RPC \"{name}\" on the {(tenant is null ? "native" : "tenant")} interface (GET {Root} lists them)."));
        }
        if (access is not ("unrestricted" or "read-write"))
        {
            return (null, RestconfError.AccessDenied(403, $"Access level \"{access}\" may not run \"{name}\"."));
        }
        if (name is CertificateOperations.RevokeRpc or CertificateOperations.RenewRpc)
        {
            var (input, inputError) = name == CertificateOperations.RevokeRpc
                ? Parse(body, maxDepth, "{\"sztpd-ext:input\": {\"issuer\": ..., \"serial-number\": ...}}")
                : Parse(body, maxDepth, "{\"sztpd-ext:input\": {\"asymmetric-key\": ...}}");
            if (input is null)
            {
                return (null, inputError);
            }
            var answer = name == CertificateOperations.RevokeRpc
                ? await certificates.RevokeAsync(input, ct, tenant).ConfigureAwait(false)
                : await certificates.RenewAsync(input, ct, tenant).ConfigureAwait(false);
            worker.Wake(); // their notices (revoked, issued) go out now
            return answer;
        }
        if (name == CertificateOperations.ExportRpc)
        {
            var (input, inputError) = Parse(body, maxDepth, "{\"sztpd-ext:input\": {\"asymmetric-key\": ...}}");
            return input is null ? (null, inputError) : certificates.Export(input, access, tenant);
        }
        var (ids, error) = Input(body, maxDepth);
        if (error is not null)
        {
            return (null, error);
        }
        var count = name == Retry
            ? await outbox.ReviveDeadAsync(ids, time.GetUtcNow(), ct).ConfigureAwait(false)
            : await outbox.DiscardDeadAsync(ids, ct).ConfigureAwait(false);
        if (name == Retry && count > 0)
        {
            worker.Wake();
        }
        // uint64 is a JSON string (RFC 7951 section 6.1).
        return (new JsonObject { ["sztpd-ext:output"] = new JsonObject { ["count"] = count.ToString(CultureInfo.InvariantCulture) } }, null);
    }

    /// <summary>The object of <c>{"sztpd-ext:input": {...}}</c>, or the error (<paramref name="shape"/> says what is expected).</summary>
    private static (JsonObject? Input, RestconfError? Error) Parse(byte[]? body, int maxDepth, string shape)
    {
        if (body is null)
        {
            return (null, RestconfError.Malformed($"The RPC needs an input: {shape}."));
        }
        if (HttpIo.ParseObject(body, maxDepth, out var parseError) is not { } document)
        {
            return (null, parseError);
        }
        return document.Count != 1 || document["sztpd-ext:input"] is not JsonObject input
            ? (null, RestconfError.InvalidValue("The body must be one member, \"sztpd-ext:input\", an object.", "/sztpd-ext:input"))
            : (input, null);
    }

    /// <summary>The ids of <c>{"sztpd-ext:input": {"id": [...]}}</c>, or null for <c>{"all": [null]}</c>.</summary>
    private static (IReadOnlyCollection<long>? Ids, RestconfError? Error) Input(byte[]? body, int maxDepth)
    {
        const string Path = "/sztpd-ext:input";
        var (input, error) = Parse(body, maxDepth, "{\"sztpd-ext:input\": {\"id\": [...]}} or {\"sztpd-ext:input\": {\"all\": [null]}}");
        if (input is null)
        {
            return (null, error);
        }
        if (input.Select(m => m.Key).FirstOrDefault(k => k is not ("id" or "all")) is { } unknown)
        {
            return (null, RestconfError.InvalidValue($"Unknown input member \"{unknown}\".", $"{Path}/{unknown}"));
        }
        return (input["id"], input["all"]) switch
        {
            (JsonArray ids, null) when ids.Count is > 0 and <= MaxIds => Ids(ids),
            (JsonArray ids, null) => (null, RestconfError.InvalidValue($"\"id\" lists 1 to {MaxIds} message ids (it has {ids.Count}); use \"all\" for every dead message.", $"{Path}/id")),
            (null, JsonArray { Count: 1 } all) when all[0] is null => (null, null),
            (null, not null) => (null, RestconfError.InvalidValue("\"all\" is an empty leaf: [null].", $"{Path}/all")),
            _ => (null, RestconfError.InvalidValue("Give exactly one of \"id\" (a list of message ids) and \"all\".", Path)),
        };
    }

    private static (IReadOnlyCollection<long>? Ids, RestconfError? Error) Ids(JsonArray ids)
    {
        var parsed = new List<long>(ids.Count);
        foreach (var id in ids)
        {
            // uint64 arrives as a string (RFC 7951); a plain number is tolerated.
            var text = id is JsonValue v && v.TryGetValue<string>(out var s) ? s : id?.ToJsonString();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return (null, RestconfError.InvalidValue($"\"{LoggedId(text)}\" is not a message id.", "/sztpd-ext:input/id"));
            }
            parsed.Add(value);
        }
        return (parsed, null);
    }

    private static string LoggedId(string? text) => text is null ? "null" : text.Length <= 40 ? text : text[..40] + "...";
}
