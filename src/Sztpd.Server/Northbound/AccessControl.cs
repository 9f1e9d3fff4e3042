using Sztpd.Core.Restconf;

namespace Sztpd.Server.Northbound;

/// <summary>
/// Access levels of <c>admin-account/access</c> (enforced, unlike SZTPD): <c>unrestricted</c> may do anything;
/// <c>read-write</c> may not touch admin accounts nor change the transport; <c>read-only</c> may only read,
/// and neither of the two sees admin accounts.
/// </summary>
internal static class AccessControl
{
    public const string AdminAccounts = "admin-accounts";
    public const string Transport = "transport";

    /// <summary>Null when allowed, else the reason for a 403.</summary>
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
            return null;
        }
        if (access != "read-write")
        {
            return $"Access level \"{access}\" may only read.";
        }
        if (top is null && path is not null)
        {
            return "Access level \"read-write\" may not replace or delete the whole datastore (it holds the admin accounts and transport).";
        }
        return top == Transport ? "Access level \"read-write\" may not change the transport." : null;
    }

    /// <summary>Whether responses must omit admin accounts for this level.</summary>
    public static bool HidesAdmins(string access) => access != "unrestricted";
}
