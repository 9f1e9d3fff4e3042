using System.Text;
using System.Text.Json.Nodes;
using Sztpd.Pki.Keys;

namespace Sztpd.Core.Storage;

/// <summary>
/// The keystore's top-level document as it is stored: in each <c>asymmetric-key</c> (and the next key of a managed key's
/// <c>rollover</c>), <c>cleartext-private-key</c> is replaced, at its place, by <c>sealed-private-key</c>: its text (the
/// base64 as written) sealed by a <see cref="KeyRing"/>, whose associated data is the key's path, so a sealed value copied
/// to another entry does not open. Nothing else of the document changes.
/// </summary>
public static class SealedKeystore
{
    public const string TopLevel = "wn-sztpd-1:keystore";
    private const string Cleartext = "cleartext-private-key";
    private const string Sealed = "sealed-private-key";

    /// <summary>The stored form of a keystore document holding cleartext private keys.</summary>
    public static string Seal(string json, KeyRing ring)
    {
        var doc = JsonNode.Parse(json)!.AsObject();
        foreach (var (key, path, _) in Keys(doc))
        {
            if (key[Cleartext] is JsonValue value && value.TryGetValue<string>(out var text))
            {
                key.SetAt(key.IndexOf(Cleartext), Sealed, ring.Seal(Encoding.UTF8.GetBytes(text), path));
            }
        }
        return doc.ToJsonString();
    }

    /// <summary>
    /// The keystore document with its private keys in cleartext; <paramref name="stale"/> counts the keys that were stored
    /// in cleartext (by an earlier version) or sealed under a key other than the current one.
    /// </summary>
    /// <exception cref="SealedKeyException">A sealed key cannot be opened; the message names its entry.</exception>
    public static string Open(string json, KeyRing ring, out int stale)
    {
        stale = 0;
        var doc = JsonNode.Parse(json)!.AsObject();
        foreach (var (key, path, what) in Keys(doc))
        {
            if (key[Sealed] is JsonValue value && value.TryGetValue<string>(out var text))
            {
                byte[] opened;
                try
                {
                    opened = ring.Open(text, path);
                }
                catch (SealedKeyException e)
                {
                    throw new SealedKeyException($"{what} {e.Message}");
                }
                stale += ring.IsCurrent(text) ? 0 : 1;
                key.SetAt(key.IndexOf(Sealed), Cleartext, Encoding.UTF8.GetString(opened));
            }
            else if (key[Cleartext] is not null)
            {
                stale++;
            }
        }
        return doc.ToJsonString();
    }

    /// <summary>Whether the stored keystore document holds a sealed private key.</summary>
    public static bool HoldsSealed(string json) => Keys(JsonNode.Parse(json)!.AsObject()).Any(k => k.Holder[Sealed] is not null);

    /// <summary>Each object that may hold a private key, with the path of that key (the associated data of its seal) and its description.</summary>
    private static IEnumerable<(JsonObject Holder, string Path, string What)> Keys(JsonObject doc)
    {
        foreach (var key in (doc["asymmetric-keys"]?["asymmetric-key"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var path = $"/{TopLevel}/asymmetric-keys/asymmetric-key={(string?)key["name"]}";
            yield return (key, $"{path}/{Cleartext}", $"The private key of keystore entry \"{(string?)key["name"]}\"");
            if (key["sztpd-ext:managed"]?["rollover"] is JsonObject rollover)
            {
                yield return (rollover, $"{path}/sztpd-ext:managed/rollover/{Cleartext}", $"The next private key (rollover) of keystore entry \"{(string?)key["name"]}\"");
            }
        }
    }
}
