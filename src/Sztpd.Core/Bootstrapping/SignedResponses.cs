using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Sztpd.Core.Configuration;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// What signing a response costs, done once per configuration revision (one <see cref="SignedDataSettings"/>, which is
/// per revision and device type) instead of once per request: the signed conveyed information of each distinct payload
/// (devices given the same response get the same bytes; a device verifies a signature however old), and the verdict on
/// each device's voucher that carries no nonce, reused while every date the validation checked stays in range. Both
/// are bounded; when one is full it starts again empty.
/// </summary>
internal sealed class SignedResponses
{
    private const int MaxPayloads = 1_024;
    private const int MaxVouchers = 10_000;

    private static readonly ConditionalWeakTable<SignedDataSettings, SignedResponses> BySettings = [];

    private readonly ConcurrentDictionary<(string Digest, bool Xml), byte[]> _signed = new();
    private readonly ConcurrentDictionary<(string Digest, string SerialNumber), Verdict> _vouchers = new();

    public static SignedResponses Of(SignedDataSettings settings) => BySettings.GetValue(settings, _ => new SignedResponses());

    /// <summary>The signed conveyed information of <paramref name="payload"/>, made by <paramref name="sign"/> the first time.</summary>
    public byte[] Signed(byte[] payload, bool xml, Func<byte[]> sign)
    {
        var key = (Digest(payload), xml);
        if (!_signed.TryGetValue(key, out var signed))
        {
            signed = sign();
            Put(_signed, key, signed, MaxPayloads);
        }
        return signed;
    }

    /// <summary>
    /// Whether voucher <paramref name="cms"/> of <paramref name="serialNumber"/>, for a device that sent no nonce, is
    /// valid at <paramref name="now"/>: from an earlier verdict while its dates hold, else from <paramref name="validate"/>
    /// (the period its verdict holds when the voucher is valid and carries no nonce, else null).
    /// </summary>
    public bool VoucherValid(byte[] cms, string serialNumber, DateTimeOffset now, Func<(DateTimeOffset From, DateTimeOffset Until)?> validate)
    {
        var key = (Digest(cms), serialNumber);
        if (_vouchers.TryGetValue(key, out var known) && known.From <= now && now < known.Until)
        {
            return true;
        }
        if (validate() is not { } period)
        {
            return false;
        }
        Put(_vouchers, key, new Verdict(period.From, period.Until), MaxVouchers);
        return true;
    }

    private static void Put<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache, TKey key, TValue value, int max)
        where TKey : notnull
    {
        if (cache.Count >= max)
        {
            cache.Clear();
        }
        cache[key] = value;
    }

    private static string Digest(byte[] bytes) => Convert.ToBase64String(SHA256.HashData(bytes));

    private sealed record Verdict(DateTimeOffset From, DateTimeOffset Until);
}
