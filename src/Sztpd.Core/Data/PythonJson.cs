using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sztpd.Core.Data;

/// <summary>
/// JSON text exactly as Python's <c>json.dumps(obj, indent=2)</c> writes it (SZTPD's conveyed information and RPC
/// output): two-space indentation, <c>", "</c>/<c>": "</c> separators, non-ASCII escaped as <c>\uXXXX</c>, and
/// <c>[]</c>/<c>{}</c> for empty containers. Devices' test suites compare these bytes.
/// </summary>
public static class PythonJson
{
    public static string Dumps(JsonNode? node, int indent = 2)
    {
        var sb = new StringBuilder();
        Write(sb, node, indent, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node, int indent, int level)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o when o.Count == 0:
                sb.Append("{}");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (name, value) in o)
                {
                    sb.Append(first ? "" : ",").Append('\n').Append(' ', indent * (level + 1));
                    first = false;
                    WriteString(sb, name);
                    sb.Append(": ");
                    Write(sb, value, indent, level + 1);
                }
                sb.Append('\n').Append(' ', indent * level).Append('}');
                break;
            case JsonArray a when a.Count == 0:
                sb.Append("[]");
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    sb.Append(i == 0 ? "" : ",").Append('\n').Append(' ', indent * (level + 1));
                    Write(sb, a[i], indent, level + 1);
                }
                sb.Append('\n').Append(' ', indent * level).Append(']');
                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(sb, node.GetValue<string>());
                        break;
                    default:
                        sb.Append(node.ToJsonString());
                        break;
                }
                break;
        }
    }

    /// <summary>What Python writes as itself: printable ASCII (space to tilde) but the quote and the backslash.</summary>
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        Enumerable.Range(0x20, 0x7f - 0x20).Select(c => (char)c).Where(c => c is not ('"' or '\\')).ToArray());

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        var rest = s.AsSpan();
        while (rest.IndexOfAnyExcept(Plain) is var i and >= 0)
        {
            sb.Append(rest[..i]);
            var c = rest[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default: sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
            rest = rest[(i + 1)..];
        }
        sb.Append(rest).Append('"');
    }
}
