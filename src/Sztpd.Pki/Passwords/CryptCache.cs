using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Sztpd.Pki.Passwords;

/// <summary>
/// SHA-256-crypt is deliberately slow; passwords and activation codes that verified once are remembered by a
/// digest of (stored hash, clear text) only, so the clear text is never kept.
/// </summary>
public sealed class CryptCache
{
    private readonly ConcurrentDictionary<string, byte> _verified = new(StringComparer.Ordinal);

    public bool Verify(string password, string stored)
    {
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(stored + "\0" + password)));
        if (_verified.ContainsKey(digest))
        {
            return true;
        }
        if (!CryptHash.Verify(password, stored))
        {
            return false;
        }
        if (_verified.Count > 100_000)
        {
            _verified.Clear();
        }
        _verified[digest] = 0;
        return true;
    }
}
