using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Outbound;
using Sztpd.Core.Restconf;
using Sztpd.Core.Storage;

namespace Sztpd.Server.Northbound;

/// <summary>
/// The RPC <c>sztpd-ext:revoke-certificate</c> (docs/certificates.md): revokes a certificate sztpd issued, notifies it
/// (<c>certificate-revoked</c>) and has its issuer's CRL rebuilt; for <c>read-write</c> and <c>unrestricted</c> admins.
/// </summary>
internal sealed class CertificateOperations(ServerState state, CrlPublisher crls, TimeProvider time)
{
    public const string Revoke = "sztpd-ext:revoke-certificate";
    private const string Path = "/sztpd-ext:input";
    private static readonly string[] Reasons =
        ["unspecified", "key-compromise", "ca-compromise", "affiliation-changed", "superseded", "cessation-of-operation", "privilege-withdrawn"];

    /// <summary>The output of a revocation of <paramref name="input"/> (the RPC's parsed body), or the error.</summary>
    public async Task<(JsonObject? Output, RestconfError? Error)> RevokeAsync(JsonObject input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Select(m => m.Key).FirstOrDefault(k => k is not ("tenant" or "issuer" or "serial-number" or "reason")) is { } unknown)
        {
            return (null, RestconfError.InvalidValue($"Unknown input member \"{unknown}\".", $"{Path}/{unknown}"));
        }
        if (Text(input, "issuer") is not { Length: > 0 } issuer)
        {
            return (null, RestconfError.MissingElement("\"issuer\" names the keystore key of the CA that issued the certificate.", $"{Path}/issuer"));
        }
        if (Serial(Text(input, "serial-number")) is not { } serial)
        {
            return (null, RestconfError.InvalidValue("\"serial-number\" is the certificate's serial number in hexadecimal (colons allowed).", $"{Path}/serial-number"));
        }
        var reason = Text(input, "reason") ?? "unspecified";
        if (!Reasons.Contains(reason))
        {
            return (null, RestconfError.InvalidValue($"\"reason\" is one of {string.Join(", ", Reasons)}.", $"{Path}/reason"));
        }
        var tenantName = Text(input, "tenant");
        Tenancy.Tenant? tenant = null;
        if (tenantName is not null && (state.Tenants?.Find(tenantName) is not { } found || !(tenant = found).TryEnter()))
        {
            return (null, RestconfError.InvalidValue(state.Tenants is null ? "\"tenant\" is for mode x; this server runs in mode 1." : "There is no such tenant.", $"{Path}/tenant"));
        }
        try
        {
            var (store, datastore) = tenant is null ? (state.Datastore.Store, state.Datastore) : ((IDataStore)tenant.Store, tenant.Datastore);
            var now = time.GetUtcNow();
            if (await store.Certificates.FindAsync("", issuer, serial, ct).ConfigureAwait(false) is not { } before
                || await store.Certificates.RevokeAsync("", issuer, serial, now, reason, ct).ConfigureAwait(false) is not { Revoked: { } revoked } certificate)
            {
                return (null, RestconfError.InvalidValue($"\"{Shown(issuer)}\" issued no certificate with serial number {serial} that sztpd recorded.", $"{Path}/serial-number"));
            }
            if (before.Revoked is null)
            {
                var (entries, outbox) = Notifications.Of(new JsonObject
                {
                    ["timestamp"] = RunningDatastore.Timestamp(now),
                    ["event"] = "certificate-revoked",
                    ["subject"] = $"{certificate.Holder}: {certificate.Subject}, serial number {serial}, issued by \"{issuer}\"",
                    ["message"] = reason,
                }, "", ConfigurationMapper.Map(datastore.Running), now);
                await store.AppendAsync(entries, outbox, ct).ConfigureAwait(false);
                crls.Invalidate(tenantName, issuer);
            }
            return (new JsonObject { ["sztpd-ext:output"] = new JsonObject { ["holder"] = certificate.Holder, ["revoked"] = RunningDatastore.Timestamp(revoked) } }, null);
        }
        finally
        {
            tenant?.Exit();
        }
    }

    private static string? Text(JsonObject input, string member) => input[member] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A serial number as the store keeps it: lowercase hexadecimal, whole bytes; null when it is none.</summary>
    private static string? Serial(string? text)
    {
        var digits = text?.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        if (digits is not { Length: > 0 and <= 64 } || !digits.All(char.IsAsciiHexDigit))
        {
            return null;
        }
        return digits.Length % 2 == 1 ? "0" + digits : digits;
    }

    private static string Shown(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
