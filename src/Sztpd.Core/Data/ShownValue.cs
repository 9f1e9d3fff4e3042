using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sztpd.Core.Data;

/// <summary>
/// A value the client sent, as an error message may repeat it: its JSON text cut to <see cref="MaxLength"/> characters,
/// so that a long value (a key pasted into the wrong field, a huge number) is recognisable but not copied into the
/// answer and the audit log. Secret leaves' values are not shown at all (<see cref="SecretLeaves"/>).
/// </summary>
public static class ShownValue
{
    public const int MaxLength = 40;

    // Deeper than any request body may nest (the parsers stop at 128), so a deeply nested value is shown, not thrown.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 1024 };

    public static string Of(JsonNode? value) => Cut(value is null ? "null" : value.ToJsonString(Readable));

    /// <summary><paramref name="text"/>, or its first characters and "..." when it is longer than <see cref="MaxLength"/>.</summary>
    public static string Cut(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= MaxLength)
        {
            return text;
        }
        var keep = MaxLength - 3;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }
        return text[..keep] + "...";
    }
}
