using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sztpd.Server.Tests.Reliability;

/// <summary>
/// Deterministic mutations of a valid request body, of the kinds an attacker's fuzzer sends: flipped bytes, truncation,
/// invalid UTF-8 and unpaired surrogate escapes in strings and member names, control characters, out-of-range numbers,
/// deep nesting (within the parser's depth limit), duplicate, missing and unknown members, values of the wrong type,
/// long strings, corrupted base64 and corrupted DER inside base64, other encodings of the text and plain garbage.
/// The same seed gives the same sequence of bodies.
/// </summary>
internal sealed class InputMutator(int seed)
{
    // Stands for the bytes a mutation puts in place: System.Text.Json cannot write invalid UTF-8 or a lone surrogate.
    private const string Mark = "QZXFUZZMARKXZQ";

    private static readonly string[] JsonKinds =
    [
        "byte-flip", "truncate", "bad-utf8-in-string", "bad-utf8-in-name", "surrogate-in-string", "surrogate-in-name",
        "control-in-string", "number", "wrong-type", "deep-nesting", "duplicate-member", "remove-member", "unknown-member",
        "long-string", "corrupt-der", "bad-base64", "other-encoding", "garbage",
    ];

    private static readonly string[] TextKinds = ["byte-flip", "truncate", "bad-utf8-in-text", "control-in-text", "other-encoding", "garbage"];

    private static readonly byte[][] BadUtf8 =
    [
        [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0xFE, 0xFE],
    ];

    private static readonly string[] Surrogates = [@"\ud800", @"\udfff", @"\ud800\u0041", @"\udc00\ud800", @"\uDBFF", @"\ud83d"];

    private static readonly string[] Controls = [@"\u0000", @"\u0001", @"\u001f", @"\u007f", @"\n", @"\u2028", @"\u0085", "\u0001", "\t"];

    private static readonly string[] Numbers =
    [
        "1e400", "-1e400", "99999999999999999999999999999999999999", "18446744073709551616", "-9223372036854775809", "65536",
        "4294967296", "-1", "1.5", "1e5", "0e0", "-0", "1E+2", "123456789012345678901234567890.5", "256", "0.0000000000000000000001",
        "\"65536\"", "\"1e400\"", "\"-\"", "\"99999999999999999999999\"",
    ];

    private static readonly string[] WrongTypes = ["0", "\"x\"", "\"\"", "true", "null", "[]", "{}", "[null]", "[1]", "{\"x\": 1}", "[[]]", "[{}]", "[null, null]"];

    private readonly Random _random = new(seed);

    /// <summary>The next mutation of a JSON body: its kind and its bytes.</summary>
    public (string Kind, byte[] Body) MutateJson(JsonObject valid)
    {
        var kind = JsonKinds[_random.Next(JsonKinds.Length)];
        var body = kind switch
        {
            "byte-flip" or "truncate" or "other-encoding" or "garbage" => MutateText(kind, Bytes(valid)),
            _ => MutateTree(kind, (JsonObject)valid.DeepClone()),
        };
        return (kind, body);
    }

    /// <summary>The next mutation of a text body (XML): byte-level only.</summary>
    public (string Kind, byte[] Body) MutateText(byte[] valid)
    {
        var kind = TextKinds[_random.Next(TextKinds.Length)];
        return (kind, MutateText(kind, valid));
    }

    private byte[] MutateText(string kind, byte[] text)
    {
        var copy = (byte[])text.Clone();
        switch (kind)
        {
            case "byte-flip":
                for (var n = 1 + _random.Next(3); n > 0; n--)
                {
                    copy[_random.Next(copy.Length)] ^= (byte)(1 + _random.Next(255));
                }
                return copy;
            case "truncate":
                return copy[.._random.Next(copy.Length)];
            case "bad-utf8-in-text":
                return Splice(copy, _random.Next(copy.Length), 0, Pick(BadUtf8));
            case "control-in-text":
                return Splice(copy, _random.Next(copy.Length), 0, [(byte)_random.Next(0x20)]);
            case "other-encoding":
                var s = Encoding.UTF8.GetString(text);
                return _random.Next(4) switch
                {
                    0 => Encoding.Unicode.GetBytes(s),
                    1 => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(s)],
                    2 => Encoding.UTF32.GetBytes(s),
                    _ => [.. Encoding.UTF8.GetPreamble(), .. text],
                };
            default:
                var garbage = new byte[1 + _random.Next(64)];
                _random.NextBytes(garbage);
                return garbage;
        }
    }

    private byte[] MutateTree(string kind, JsonObject root)
    {
        var slots = Slots(root);
        var strings = slots.Where(s => s.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList();
        var members = slots.Where(s => s.Name is not null).ToList();
        switch (kind)
        {
            case "bad-utf8-in-string":
                return InString(root, Pick(strings), Pick(BadUtf8));
            case "surrogate-in-string":
                return InString(root, Pick(strings), Encoding.ASCII.GetBytes(Pick(Surrogates)));
            case "control-in-string":
                return InString(root, Pick(strings), Encoding.UTF8.GetBytes(Pick(Controls)));
            case "bad-utf8-in-name":
                return InName(root, Pick(members), Pick(BadUtf8));
            case "surrogate-in-name":
                return InName(root, Pick(members), Encoding.ASCII.GetBytes(Pick(Surrogates)));
            case "number":
                return Raw(root, Pick(slots), Pick(Numbers));
            case "wrong-type":
                return Raw(root, Pick(slots), Pick(WrongTypes));
            case "deep-nesting":
                var depth = 20 + _random.Next(90);
                var nested = _random.Next(2) == 0
                    ? new string('[', depth) + "1" + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "1" + new string('}', depth);
                return Raw(root, Pick(slots), nested);
            case "duplicate-member":
                var twice = Pick(members);
                var owner = (JsonObject)twice.Parent;
                owner[Mark] = owner[twice.Name!]?.DeepClone();
                return Replace(Bytes(root), $"\"{Mark}\"", JsonSerializer.Serialize(twice.Name));
            case "remove-member":
                var gone = Pick(members);
                ((JsonObject)gone.Parent).Remove(gone.Name!);
                return Bytes(root);
            case "unknown-member":
                var objects = slots.Select(s => s.Value).OfType<JsonObject>().Prepend(root).ToList();
                Pick(objects)[_random.Next(2) == 0 ? "colour" : "wn-bogus:extra"] = _random.Next(2) == 0 ? "red" : new JsonObject();
                return Bytes(root);
            case "long-string":
                return Set(root, Pick(strings), new string((char)('A' + _random.Next(26)), 200 + _random.Next(3000)));
            case "corrupt-der":
                var binary = strings.Where(s => IsBase64((string)s.Value!, out _)).ToList();
                if (binary.Count == 0)
                {
                    return Set(root, Pick(strings), "AAAA");
                }
                var slot = Pick(binary);
                IsBase64((string)slot.Value!, out var der);
                return Set(root, slot, Convert.ToBase64String(CorruptDer(der!)));
            default: // bad-base64
                var target = Pick(strings);
                var value = (string)target.Value!;
                var at = _random.Next(value.Length + 1);
                return Set(root, target, value[..at] + Pick(["!", "=", " ", "*", "-", "\u00e9"]) + value[at..]);
        }
    }

    private byte[] CorruptDer(byte[] der)
    {
        var copy = (byte[])der.Clone();
        switch (_random.Next(4))
        {
            case 0:
                copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
                return copy;
            case 1:
                return copy[.._random.Next(copy.Length)];
            case 2:
                // A byte in the second half: inside the last certificate, or a signature, more often than a header.
                var i = copy.Length / 2 + _random.Next(copy.Length - copy.Length / 2);
                copy[i] = (byte)_random.Next(256);
                return copy;
            default:
                return [.. copy, .. new byte[] { 0x30, 0x00 }];
        }
    }

    private static bool IsBase64(string s, out byte[]? bytes)
    {
        bytes = null;
        if (s.Length < 24 || s.Length % 4 != 0)
        {
            return false;
        }
        try
        {
            bytes = Convert.FromBase64String(s);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private sealed record Slot(JsonNode Parent, string? Name, int Index, JsonNode? Value);

    private static List<Slot> Slots(JsonNode node)
    {
        var slots = new List<Slot>();
        void Walk(JsonNode n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (name, value) in o.ToList())
                    {
                        slots.Add(new Slot(o, name, -1, value));
                        if (value is not null)
                        {
                            Walk(value);
                        }
                    }
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        slots.Add(new Slot(a, null, i, a[i]));
                        if (a[i] is { } item)
                        {
                            Walk(item);
                        }
                    }
                    break;
            }
        }
        Walk(node);
        return slots;
    }

    private static byte[] Set(JsonObject root, Slot slot, JsonNode? value)
    {
        if (slot.Parent is JsonObject o)
        {
            o[slot.Name!] = value;
        }
        else
        {
            ((JsonArray)slot.Parent)[slot.Index] = value;
        }
        return Bytes(root);
    }

    private static byte[] Raw(JsonObject root, Slot slot, string raw) =>
        Replace(Set(root, slot, Mark), $"\"{Mark}\"", raw);

    private byte[] InString(JsonObject root, Slot slot, byte[] inserted)
    {
        var s = (string)slot.Value!;
        var at = _random.Next(s.Length + 1);
        return Replace(Set(root, slot, s[..at] + Mark + s[at..]), Mark, inserted);
    }

    private byte[] InName(JsonObject root, Slot slot, byte[] inserted)
    {
        var owner = (JsonObject)slot.Parent;
        var name = slot.Name!;
        var at = _random.Next(name.Length + 1);
        var value = owner[name];
        owner.Remove(name);
        owner[name[..at] + Mark + name[at..]] = value;
        return Replace(Bytes(root), Mark, inserted);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static byte[] Replace(byte[] text, string find, string replacement) => Replace(text, find, Encoding.UTF8.GetBytes(replacement));

    private static byte[] Replace(byte[] text, string find, byte[] replacement)
    {
        var at = text.AsSpan().IndexOf(Encoding.UTF8.GetBytes(find));
        return at < 0 ? text : Splice(text, at, find.Length, replacement);
    }

    private static byte[] Splice(byte[] text, int at, int remove, byte[] insert) => [.. text[..at], .. insert, .. text[(at + remove)..]];
}
