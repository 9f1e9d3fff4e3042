using Sztpd.Core.Yang;

namespace Sztpd.Core.Data;

/// <summary>
/// Leaves whose values are secrets, which an error message never repeats (it goes back to the client and into the
/// audit log): passwords and activation codes (type <c>crypt-hash</c>, RFC 7317), the cleartext keys of RFC 9640
/// (<c>cleartext-private-key</c>, <c>cleartext-symmetric-key</c>, also by name: <c>wn-sztpd-1</c> declares its own), and
/// any leaf RFC 8341 marks <c>nacm:default-deny-all</c>.
/// </summary>
public static class SecretLeaves
{
    private static readonly string[] KeyNames = ["cleartext-private-key", "cleartext-symmetric-key"];

    public static bool IsSecret(SchemaNode node) => node switch
    {
        LeafNode leaf => IsCryptHash(leaf.Type) || IsKeyOrDenied(node),
        LeafListNode list => IsCryptHash(list.Type) || IsKeyOrDenied(node),
        _ => false,
    };

    /// <summary>True for <c>crypt-hash</c> (any module's typedef of that name) and unions holding one.</summary>
    public static bool IsCryptHash(YangType type) =>
        type.TypedefName?.EndsWith("crypt-hash", StringComparison.Ordinal) == true
        || type.UnionTypes.Any(IsCryptHash);

    private static bool IsKeyOrDenied(SchemaNode node) =>
        KeyNames.Contains(node.Name, StringComparer.Ordinal)
        || node.Extensions.Any(e => e is { Module: "ietf-netconf-acm", Name: "default-deny-all" });
}
