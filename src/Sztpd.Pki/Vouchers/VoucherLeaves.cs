using System.Text.Json;

namespace Sztpd.Pki.Vouchers;

/// <summary>Typed access to the RFC 7951 JSON leaves of a voucher; a wrong type throws a <see cref="FormatException"/>.</summary>
internal sealed class VoucherLeaves(IReadOnlyDictionary<string, JsonElement> leaves)
{
    public string RequiredString(string name) => OptionalString(name) ?? throw OwnershipVoucherJson.Missing(name);

    public string? OptionalString(string name) => leaves.TryGetValue(name, out var value)
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongType(name, "a string")
        : null;

    public DateTimeOffset? OptionalDateAndTime(string name) => OptionalString(name) is not { } text ? null
        : YangDateAndTime.TryParse(text, out var value) ? value
        : throw new FormatException($"The voucher's \"{name}\" is \"{text}\", not a yang:date-and-time.");

    public byte[]? OptionalBinary(string name)
    {
        if (OptionalString(name) is not { } text)
        {
            return null;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length)
            ? buffer[..length]
            : throw new FormatException($"The voucher's \"{name}\" is not base64 binary.");
    }

    public bool? OptionalBoolean(string name) => !leaves.TryGetValue(name, out var value) ? null
        : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "a JSON boolean"),
        };

    private static FormatException WrongType(string name, string expected) =>
        new($"The voucher's \"{name}\" is not {expected}.");
}
