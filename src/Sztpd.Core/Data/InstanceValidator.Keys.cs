using System.Buffers;
using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Data;

public sealed partial class InstanceValidator
{
    /// <summary>The longest list key value, in characters, unless <see cref="MaxKeyLength"/> says otherwise (SZTPD's YANG gives its keys no length; a serial number is at most 64, an e-mail address 254).</summary>
    public const int DefaultMaxKeyLength = 256;

    /// <summary>The longest list key value accepted, in characters (<see cref="Limits.InputLimits.MaxKeyLength"/>).</summary>
    public int MaxKeyLength { get; init; } = DefaultMaxKeyLength;

    private static readonly SearchValues<char> Controls =
        SearchValues.Create([.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(i => (char)i)]);

    /// <summary>
    /// A configured entry must be addressable by its path (<c>list=key</c>, RFC 8040 section 3.5.3) and printable where its
    /// key is shown (paths, the audit and server logs, a terminal): a key holding NUL could be created but never read or
    /// deleted (Kestrel refuses a request target that decodes to NUL), and the other control characters (U+0001-U+001F,
    /// U+007F-U+009F) are refused with it. Key values are at most <see cref="MaxKeyLength"/> characters.
    /// </summary>
    private void CheckKeys(ListNode list, JsonObject entry, string path)
    {
        foreach (var key in list.Keys)
        {
            if (DataKeys.Text(entry[key]) is not { } text)
            {
                continue;
            }
            if (text.AsSpan().IndexOfAny(Controls) is var at and >= 0)
            {
                Errors.Add(RestconfError.InvalidValue(
                    $"The key \"{key}\" of a \"{list.Name}\" entry holds the control character U+{(int)text[at]:X4}; list keys must be printable, so the entry can be addressed by its path.", path));
            }
            else if (text.Length > MaxKeyLength && text.EnumerateRunes().Count() > MaxKeyLength)
            {
                Errors.Add(RestconfError.InvalidValue(
                    $"The key \"{key}\" of a \"{list.Name}\" entry is {text.EnumerateRunes().Count()} characters long; list keys are at most {MaxKeyLength}.", path));
            }
        }
    }
}
