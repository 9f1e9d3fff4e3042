using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;
using Sztpd.Pki.Passwords;

namespace Sztpd.Core.Rules;

public sealed partial class SztpdRules
{
    private const string MinimumPasswordLength = "minimum-password-length";

    /// <summary>
    /// Replaces every <c>$0$clear</c> value of a crypt-hash leaf (RFC 7317) in an edit's body by its SHA-256-crypt hash,
    /// before the write lock is taken. Refused, naming the field and never its value: a clear text longer than
    /// <see cref="Limits.InputLimits.MaxSecretLength"/>, more than <see cref="Limits.InputLimits.MaxHashesPerEdit"/> of
    /// them, a password shorter than the minimum (the body's own <c>minimum-password-length</c> if it sets one, else
    /// the one in force), and a <c>$5$</c> value asking for more than <see cref="Limits.InputLimits.MaxHashRounds"/>.
    /// </summary>
    public JsonNode? PrepareValue(SchemaNode? node, JsonNode? value, JsonObject running, List<RestconfError> errors)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(errors);
        var minimum = ConfigurationMapper.Map(running).Authentication.MinimumPasswordLength;
        var secrets = new List<(LeafNode Leaf, JsonObject? Owner, string? Member, string Text)>();
        if (node is LeafNode leaf && SecretLeaves.IsCryptHash(leaf.Type) && DataKeys.Text(value) is { } single)
        {
            secrets.Add((leaf, null, null, single));
        }
        else if (node is null or InteriorNode && value is JsonObject obj)
        {
            LeafWalker.Walk(schema, node as InteriorNode, obj, (n, owner, member, v) =>
            {
                if (n is LeafNode l && SecretLeaves.IsCryptHash(l.Type) && DataKeys.Text(v) is { } text)
                {
                    secrets.Add((l, owner, member, text));
                }
                else if (n.Name == MinimumPasswordLength && v is JsonValue m && m.TryGetValue<int>(out var set))
                {
                    minimum = set;
                }
            });
        }
        var clear = secrets.Count(s => CryptHash.IsClearText(s.Text));
        if (clear > limits.MaxHashesPerEdit)
        {
            errors.Add(RestconfError.InvalidValue(
                $"The edit holds more than {limits.MaxHashesPerEdit} \"$0$\" clear-text secrets; at most {limits.MaxHashesPerEdit} are hashed per edit (send \"$5$\" hashes, or split the edit)."));
            return value;
        }
        foreach (var (l, owner, member, text) in secrets)
        {
            if (Refusal(l, text, minimum) is { } why)
            {
                errors.Add(RestconfError.InvalidValue(why, l.Path));
                continue;
            }
            if (!CryptHash.IsClearText(text))
            {
                continue;
            }
            var hashed = JsonValue.Create(CryptHash.ToStored(text));
            if (owner is null)
            {
                value = hashed;
            }
            else
            {
                owner[member!] = hashed;
            }
        }
        return value;
    }

    public int MaxHashesPerEdit => limits.MaxHashesPerEdit;

    /// <summary>Why a crypt-hash value cannot be taken (naming the leaf, never the value); null when it can.</summary>
    private string? Refusal(LeafNode leaf, string text, int minimum)
    {
        if (!CryptHash.IsClearText(text))
        {
            return Sha256Crypt.RoundsOf(text) is { } rounds && rounds > limits.MaxHashRounds
                ? $"The \"{leaf.Name}\" hash asks for {rounds} rounds; at most {limits.MaxHashRounds} are accepted."
                : null;
        }
        var length = CryptHash.ClearTextOf(text).Length;
        if (length > limits.MaxSecretLength)
        {
            return $"The \"{leaf.Name}\" is {length} characters long; at most {limits.MaxSecretLength} are accepted.";
        }
        return leaf.Name == "password" && length < minimum ? $"Passwords must be at least {minimum} characters long." : null;
    }
}
