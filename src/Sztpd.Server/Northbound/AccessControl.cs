using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;

namespace Sztpd.Server.Northbound;

/// <summary>
/// Access levels of <c>admin-account/access</c> (enforced, unlike SZTPD): <c>unrestricted</c> may do anything;
/// <c>read-write</c> may not touch admin accounts nor change the transport, keystore or truststore; <c>read-only</c> may
/// only read; any may set its own password. Neither of the two sees the secrets (<see cref="Hidden"/>): admin accounts, private keys, activation codes.
/// </summary>
internal static class AccessControl
{
    public const string AdminAccounts = "admin-accounts";

    /// <summary>Top-level nodes only <c>unrestricted</c> may change: where and how sztpd listens, its keys and what it trusts.</summary>
    private static readonly string[] UnrestrictedWrites = ["transport", "keystore", "truststore"];

    /// <summary>
    /// Schema paths (node names from the top) that only <c>unrestricted</c> reads, as RFC 9642 hides keys: omitted from
    /// the answers to other levels (<see cref="Omit"/>), and a request for one of them is refused.
    /// </summary>
    private static readonly string[][] Hidden =
    [
        [AdminAccounts],
        ["keystore", "asymmetric-keys", "asymmetric-key", "cleartext-private-key"],
        ["keystore", "asymmetric-keys", "asymmetric-key", "managed", "rollover", "cleartext-private-key"],
        ["devices", "device", "activation-code"],
    ];

    /// <summary>
    /// Null when <paramref name="auth"/>'s admin may do this, else the reason for a 403. Any admin may set its own
    /// password (PUT or PATCH of its <c>password</c>); an admin whose password expired may do nothing else.
    /// </summary>
    public static string? Check(AuthOutcome auth, string method, ResourcePath? path)
    {
        ArgumentNullException.ThrowIfNull(auth);
        var ownPassword = auth.Admin is not null && method is "PUT" or "PATCH" && path is { Steps.Count: 3 } p
            && p.Steps[0].Node.Name == AdminAccounts && p.Steps[1].Keys is [var key] && key == auth.Admin && p.Steps[2].Node.Name == "password";
        if (auth.PasswordExpired && !ownPassword)
        {
            return PasswordExpired(auth.Admin!);
        }
        return ownPassword ? null : Check(auth.Access, method, path);
    }

    /// <summary>The refusal of any request but setting its password to an admin whose password expired.</summary>
    public static string PasswordExpired(string admin) =>
        $"The password of {admin} expired: the account may do nothing but set a new one (PUT or PATCH of /restconf/data/wn-sztpd-1:admin-accounts/admin-account={Uri.EscapeDataString(admin)}/password).";

    /// <summary>Null when <paramref name="access"/> allows this, else the reason for a 403.</summary>
    public static string? Check(string access, string method, ResourcePath? path)
    {
        if (access == "unrestricted")
        {
            return null;
        }
        var read = method is "GET" or "HEAD";
        var top = path is null || path.IsRoot ? null : path.Steps[0].Node.Name;
        if (top == AdminAccounts)
        {
            return $"Access level \"{access}\" may not read or change admin accounts.";
        }
        if (read)
        {
            return path is not null && HiddenAt(path) is { } hidden ? $"Access level \"{access}\" may not read \"{hidden}\"." : null;
        }
        if (access != "read-write")
        {
            return $"Access level \"{access}\" may only read.";
        }
        if (top is null && path is not null)
        {
            return "Access level \"read-write\" may not replace or delete the whole datastore (it holds the admin accounts, transport and keys).";
        }
        return top is not null && UnrestrictedWrites.Contains(top) ? $"Access level \"read-write\" may not change the {top}." : null;
    }

    /// <summary>Whether answers to this level omit the <see cref="Hidden"/> nodes.</summary>
    public static bool HidesSecrets(string access) => access != "unrestricted";

    /// <summary>Removes the <see cref="Hidden"/> nodes below <paramref name="path"/> from <paramref name="answer"/>, the answer to a read of it.</summary>
    public static void Omit(ResourcePath path, JsonObject answer)
    {
        var at = Names(path);
        foreach (var hidden in Hidden.Where(h => at.Length < h.Length && at.SequenceEqual(h.Take(at.Length))))
        {
            // The answer's one member is the target (the root's members are the top-level nodes).
            Remove(answer, hidden, Math.Max(at.Length - 1, 0));
        }
    }

    /// <summary>The name of the <see cref="Hidden"/> node at or above <paramref name="path"/>, if any.</summary>
    private static string? HiddenAt(ResourcePath path)
    {
        var at = Names(path);
        return Hidden.FirstOrDefault(h => h.Length <= at.Length && h.SequenceEqual(at.Take(h.Length)))?[^1];
    }

    private static string[] Names(ResourcePath path) => [.. path.Steps.Select(s => s.Node.Name)];

    private static void Remove(JsonNode? node, string[] names, int i)
    {
        if (node is JsonArray entries)
        {
            foreach (var entry in entries)
            {
                Remove(entry, names, i);
            }
        }
        else if (node is JsonObject members
            && members.Select(m => m.Key).FirstOrDefault(k => k == names[i] || k.EndsWith(":" + names[i], StringComparison.Ordinal)) is { } member)
        {
            if (i == names.Length - 1)
            {
                members.Remove(member);
            }
            else
            {
                Remove(members[member], names, i + 1);
            }
        }
    }
}
