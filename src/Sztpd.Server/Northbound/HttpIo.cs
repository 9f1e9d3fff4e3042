using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;

namespace Sztpd.Server.Northbound;

/// <summary>Reading request bodies and writing RESTCONF JSON responses and errors (RFC 8040 sections 5, 7).</summary>
internal static class HttpIo
{
    public const string YangJson = "application/yang-data+json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2 };
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    public static async Task WriteJsonAsync(HttpContext ctx, int status, JsonNode body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = YangJson;
        await ctx.Response.WriteAsync(body.ToJsonString(Indented)).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext ctx, RestconfError error) => WriteErrorsAsync(ctx, [error]);

    public static Task WriteErrorsAsync(HttpContext ctx, IReadOnlyList<RestconfError> errors) =>
        WriteJsonAsync(ctx, errors[0].Status, RestconfError.ToDocument(errors));

    /// <summary>
    /// The headers of a refused login: <c>WWW-Authenticate</c> on a 401 (RFC 9110 section 11.6.1, Basic per RFC 7617),
    /// <c>Retry-After</c> on a 429 (RFC 6585 section 4).
    /// </summary>
    public static void Challenge(HttpContext ctx, int status, TimeSpan? retryAfter = null)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"sztpd\", charset=\"UTF-8\"";
        }
        else if (status == StatusCodes.Status429TooManyRequests && retryAfter is { } wait)
        {
            ctx.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Reads the whole body (bounded by Kestrel's limit, or the smaller <paramref name="maxSize"/>); null when there is
    /// none. A body whose framing is broken (a chunk size that is not hex or does not fit 64 bits, a chunk without its
    /// CRLF, a body that ends early) is the client's error: Kestrel throws when the body is read, and the request is
    /// answered 400 here, where it can still be audited (Kestrel then closes the connection, whose framing is lost).
    /// </summary>
    public static async Task<(byte[]? Body, RestconfError? Error)> ReadBodyAsync(HttpContext ctx, long? maxSize = null)
    {
        if (maxSize is not null && ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size && (size.MaxRequestBodySize ?? long.MaxValue) > maxSize)
        {
            size.MaxRequestBodySize = maxSize;
        }
        var limit = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        try
        {
            if (ctx.Request.ContentLength is { } length && length <= limit && length <= Array.MaxLength)
            {
                return (length == 0 ? null : await ReadAnnouncedAsync(ctx.Request.Body, (int)length).ConfigureAwait(false), null);
            }
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer).ConfigureAwait(false);
            return (buffer.Length == 0 ? null : buffer.ToArray(), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, new RestconfError(413, "protocol", "too-big", "The request body is larger than the server's maximum request size."));
        }
        catch (IOException e) when (!ctx.RequestAborted.IsCancellationRequested)
        {
            // BadHttpRequestException for most framing errors; a plain IOException for a chunk size that overflows.
            var status = e is BadHttpRequestException { StatusCode: >= 400 and < 500 } bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return (null, new RestconfError(status, "protocol", "malformed-message", $"The request body could not be read: {e.Message}"));
        }
    }

    /// <summary>
    /// A body of the announced <paramref name="length"/> (which Kestrel holds the client to), read into an array that
    /// grows with what arrives (so a client that announces much and sends little holds little) and ends exactly that long.
    /// </summary>
    private static async Task<byte[]> ReadAnnouncedAsync(Stream body, int length)
    {
        var buffer = new byte[Math.Min(length, 64 * 1024)];
        var read = 0;
        while (read < length)
        {
            if (read == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(length, buffer.Length * 2L));
            }
            var n = await body.ReadAsync(buffer.AsMemory(read)).ConfigureAwait(false);
            read += n > 0 ? n : throw new EndOfStreamException("The request body ended before its Content-Length.");
        }
        return buffer;
    }

    /// <summary>Parses a JSON object body strictly (UTF-8, Unicode strings, no duplicate members, nested at most <paramref name="maxDepth"/> levels).</summary>
    public static JsonObject? ParseObject(byte[] body, int maxDepth, out RestconfError? error) =>
        ParseObjectDocument(body, maxDepth, out error) is { } document ? JsonObject.Create(document.RootElement) : null;

    /// <summary>The document of <see cref="ParseObject"/>, reading <paramref name="body"/> in place.</summary>
    public static JsonDocument? ParseObjectDocument(byte[] body, int maxDepth, out RestconfError? error)
    {
        var document = RequestJson.ParseDocument(body, Strict with { MaxDepth = maxDepth }, out var why);
        if (document?.RootElement.ValueKind == JsonValueKind.Object)
        {
            error = null;
            return document;
        }
        error = RestconfError.Malformed($"Unable to parse \"input\" JSON document: {why ?? "the body must be a JSON object."}");
        return null;
    }

    /// <summary>SZTPD's header rules (compat section 2.3); null when the request may proceed.</summary>
    public static RestconfError? CheckHeaders(HttpContext ctx, bool hasBody, bool bodyRequired, bool bodyForbidden)
    {
        var method = ctx.Request.Method;
        if (bodyRequired && !hasBody)
        {
            return RestconfError.Malformed($"The request method ({method}) must include a request body.") with { Type = "protocol" };
        }
        if (bodyForbidden && hasBody)
        {
            return RestconfError.Malformed($"The request method ({method}) should not include a request body.");
        }
        var contentType = ctx.Request.ContentType;
        if (hasBody && string.IsNullOrEmpty(contentType))
        {
            return new RestconfError(400, "protocol", "missing-attribute", "A \"Content-Type\" value must be specified when a request body is passed.");
        }
        if (hasBody && !IsYangJson(contentType!))
        {
            return new RestconfError(415, "protocol", "bad-attribute", $"The Content-Type \"{contentType}\" is not supported; use \"{YangJson}\".");
        }
        var accept = ctx.Request.Headers.Accept.ToString();
        if (accept.Length > 0 && !accept.Split(',').Any(a => IsYangJson(a) || a.Trim().StartsWith("*/*", StringComparison.Ordinal) || a.Trim().StartsWith("application/*", StringComparison.Ordinal)))
        {
            return new RestconfError(406, "protocol", "bad-attribute", $"The Accept value \"{accept}\" is not supported; this interface produces \"{YangJson}\".");
        }
        return null;
    }

    private static bool IsYangJson(string mediaType)
    {
        var bare = mediaType.Split(';')[0].Trim();
        return bare.Equals(YangJson, StringComparison.OrdinalIgnoreCase) || bare.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
