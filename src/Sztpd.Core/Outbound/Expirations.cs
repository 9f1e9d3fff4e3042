using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Vouchers;

namespace Sztpd.Core.Outbound;

/// <summary>
/// Pending and past expirations (docs/integration.md, "Notifications"): the keystore's and truststore's certificates,
/// the devices' ownership vouchers and the admin passwords. Each is notified when it comes within 30, 7 and 1 days of expiring and when it
/// expires; of the moments that fell in one scanned window, only the latest is notified.
/// </summary>
public static class Expirations
{
    /// <summary>Before the expiry, the moments an expiry is notified; zero is the expiry itself.</summary>
    public static readonly TimeSpan[] Notice = [TimeSpan.FromDays(30), TimeSpan.FromDays(7), TimeSpan.FromDays(1), TimeSpan.Zero];

    /// <summary>Something that expires: what it is (<c>certificate</c>, <c>voucher</c> or <c>password</c>), which one, when, and whose (a device's voucher, an admin's password).</summary>
    public sealed record Expiring(string Kind, string Subject, DateTimeOffset Expires, string? SerialNumber = null, string? Account = null);

    /// <summary>The admin passwords that expire under <c>password-aging-timeout</c>.</summary>
    public static IEnumerable<Expiring> Passwords(RunningConfiguration config, Accounts.AccountStates accounts)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(accounts);
        foreach (var admin in config.AdminAccounts)
        {
            if (accounts.PasswordExpires(admin.EmailAddress, config.Authentication) is { } expires)
            {
                yield return new Expiring("password", $"admin-account \"{admin.EmailAddress}\" password", expires, Account: admin.EmailAddress);
            }
        }
    }

    /// <summary>The keystore's and truststore's certificates (a keystore entry's issuers included), and the trust anchors redirect information conveys.</summary>
    public static IEnumerable<Expiring> Certificates(RunningConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var key in config.Keystore.Keys.Values)
        {
            foreach (var (name, data) in key.Certificates)
            {
                foreach (var certificate in Decode(data))
                {
                    yield return new Expiring("certificate", $"keystore asymmetric-key \"{key.Name}\" certificate \"{name}\" ({certificate.Subject})", certificate.NotAfter.ToUniversalTime());
                }
            }
        }
        foreach (var (bag, entries) in config.Truststore.Bags)
        {
            foreach (var entry in entries)
            {
                foreach (var certificate in entry.Certificates)
                {
                    yield return new Expiring("certificate", $"truststore certificate-bag \"{bag}\" certificate \"{entry.Name}\" ({certificate.Subject})", certificate.NotAfter.ToUniversalTime());
                }
            }
        }
        foreach (var server in config.Blocks.BootstrapServers.Values)
        {
            foreach (var certificate in Decode(server.TrustAnchor))
            {
                yield return new Expiring("certificate", $"bootstrap-server \"{server.Name}\" trust-anchor ({certificate.Subject})", certificate.NotAfter.ToUniversalTime());
            }
        }
    }

    /// <summary>A device's ownership vouchers that expire.</summary>
    public static IEnumerable<Expiring> Vouchers(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        foreach (var entry in device.OwnershipVouchers)
        {
            if (TryBase64(entry.Voucher) is { } der && OwnershipVoucherCms.TryDecode(der, out var voucher, out _) && voucher.ExpiresOn is { } expires)
            {
                yield return new Expiring("voucher", $"device \"{device.SerialNumber}\" ownership-voucher \"{entry.Name}\"", expires, device.SerialNumber);
            }
        }
    }

    /// <summary>
    /// The notification-log record of <paramref name="item"/> when one of its notice moments fell in (<paramref name="after"/>,
    /// <paramref name="now"/>] (the latest of them), else null.
    /// </summary>
    public static JsonObject? Record(Expiring item, DateTimeOffset after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        var notice = Notice.Where(n => item.Expires - n > after && item.Expires - n <= now).Cast<TimeSpan?>().LastOrDefault();
        if (notice is null)
        {
            return null;
        }
        var record = new JsonObject
        {
            ["timestamp"] = Datastore.RunningDatastore.Timestamp(now),
            ["event"] = item.Kind + (notice == TimeSpan.Zero ? "-expired" : "-expiring"),
            ["subject"] = item.Subject,
            ["expires"] = Datastore.RunningDatastore.Timestamp(item.Expires),
        };
        if (item.SerialNumber is { } serial)
        {
            record["serial-number"] = serial;
        }
        return record;
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2Collection Decode(string? base64) =>
        TryBase64(base64) is { } der && CmsCertificates.TryDecode(der, out var certificates, out _) ? certificates : [];

    private static byte[]? TryBase64(string? text)
    {
        try
        {
            return text is null ? null : Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
