using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Sztpd.Core.Data;

/// <summary>
/// Parses a request body as JSON text that RFC 8259 and RFC 7951 allow: UTF-8 (RFC 8259 section 8.1) whose strings and
/// member names are Unicode text, that is, hold no unpaired surrogate escape such as <c>\ud800</c> (section 8.2; a YANG
/// string is a sequence of characters, RFC 7950 section 9.4). System.Text.Json checks neither when it parses: it
/// decodes a string when the string is first read and throws then, long after the body was taken as well-formed. Here
/// every string is decoded once up front, so a body that parses is safe to read anywhere.
/// </summary>
public static class RequestJson
{
    /// <summary>The document, or null with <paramref name="error"/> saying (without repeating the text) why it is not JSON.</summary>
    public static JsonNode? Parse(byte[] body, JsonDocumentOptions options, out string? error) =>
        ParseDocument(body, options, out error)?.RootElement is { } root ? Node(root) : null;

    /// <summary>
    /// The document, reading <paramref name="body"/> in place (no copy; its nodes, <see cref="Node"/>, are read from it
    /// when first used), or null with <paramref name="error"/> saying (without repeating the text) why it is not JSON.
    /// </summary>
    public static JsonDocument? ParseDocument(byte[] body, JsonDocumentOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!Utf8.IsValid(body))
        {
            error = $"the body is not UTF-8 text (RFC 8259 section 8.1): the byte at offset {InvalidUtf8At(body)} does not begin a valid UTF-8 sequence.";
            return null;
        }
        try
        {
            CheckStrings(body, options);
            var document = JsonDocument.Parse(body, options);
            error = null;
            return document;
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
        catch (InvalidOperationException)
        {
            error = "a string or member name holds an unpaired surrogate escape (\\uD800-\\uDFFF without its pair), which is not Unicode text (RFC 8259 section 8.2).";
            return null;
        }
    }

    /// <summary>The node of a parsed value (what <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> gives).</summary>
    private static JsonNode? Node(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(value),
        JsonValueKind.Array => JsonArray.Create(value),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(value),
    };

    /// <summary>Reads every escaped string and member name once: an unpaired surrogate escape throws InvalidOperationException.</summary>
    private static void CheckStrings(byte[] body, JsonDocumentOptions options)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions
        {
            AllowTrailingCommas = options.AllowTrailingCommas,
            CommentHandling = options.CommentHandling,
            MaxDepth = options.MaxDepth,
        });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                _ = reader.GetString();
            }
        }
    }

    private static int InvalidUtf8At(byte[] body)
    {
        var decoded = new char[body.Length];
        Utf8.ToUtf16(body, decoded, out var read, out _, replaceInvalidSequences: false);
        return read;
    }
}
