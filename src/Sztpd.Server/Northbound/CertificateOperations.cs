using System.Text.Json.Nodes;
using Sztpd.Core.Certificates;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Outbound;
using Sztpd.Core.Restconf;
using Sztpd.Core.Storage;
using Sztpd.Pki.Certificates;

namespace Sztpd.Server.Northbound;

/// <summary>
/// The RPCs on certificates (docs/certificates.md): <c>sztpd-ext:revoke-certificate</c> revokes a certificate sztpd
/// issued, notifies it (<c>certificate-revoked</c>) and has its issuer's CRL rebuilt; <c>sztpd-ext:export-certificate</c>
/// exports a keystore key's certificate, and for <c>unrestricted</c> admins its key; <c>sztpd-ext:renew-certificate</c>
/// renews a managed key's certificate now. A host admin names a tenant in
/// <c>tenant</c>; a tenant's admin, on the tenant interface, acts on its own tenant only.
/// </summary>
internal sealed class CertificateOperations(ServerState state, CrlPublisher crls, Outbound.Acme.AcmeIssuer acme, TimeProvider time)
{
    public const string RevokeRpc = "sztpd-ext:revoke-certificate";
    public const string ExportRpc = "sztpd-ext:export-certificate";
    public const string RenewRpc = "sztpd-ext:renew-certificate";
    private const string Path = "/sztpd-ext:input";
    private static readonly string[] Reasons =
        ["unspecified", "key-compromise", "ca-compromise", "affiliation-changed", "superseded", "cessation-of-operation", "privilege-withdrawn"];

    /// <summary>The output of a revocation of <paramref name="input"/> (the RPC's parsed body), or the error.</summary>
    public async Task<(JsonObject? Output, RestconfError? Error)> RevokeAsync(JsonObject input, CancellationToken ct, Tenancy.Tenant? own = null)
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
        if (Enter(input, own, out var tenant, out var tenantName) is { } scopeError)
        {
            return (null, scopeError);
        }
        try
        {
            var (store, datastore) = tenant is null ? (state.Datastore.Store, state.Datastore) : ((IDataStore)tenant.Store, tenant.Datastore);
            var now = time.GetUtcNow();
            if (ManagedKeys.NextSerials(datastore.Running).FirstOrDefault(k => k.Value == serial).Key is { } rolling)
            {
                return (null, RestconfError.InvalidValue(
                    $"Serial number {serial} is the next certificate of asymmetric-key \"{Shown(rolling)}\"'s rollover: cancel the rollover (delete it), then revoke it.", $"{Path}/serial-number"));
            }
            if (await store.Certificates.FindAsync("", issuer, serial, ct).ConfigureAwait(false) is not { } before)
            {
                return (null, RestconfError.InvalidValue($"\"{Shown(issuer)}\" issued no certificate with serial number {serial} that sztpd recorded.", $"{Path}/serial-number"));
            }
            // An ACME server's certificate is revoked there first: sztpd records what the server did.
            if (before.Revoked is null && ManagedKeys.AcmeAccountOf(issuer) is { } account)
            {
                try
                {
                    await Outbound.Acme.AcmeIssuer.RevokeAsync(datastore.Running, account, Convert.FromBase64String(before.Der), (int)RevocationList.Reason(reason), ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is Outbound.Acme.AcmeException or HttpRequestException or InvalidOperationException)
                {
                    return (null, RestconfError.OperationFailed($"The ACME server of account \"{Shown(account)}\" did not revoke it: {e.GetBaseException().Message}", $"{Path}/issuer"));
                }
            }
            if (await store.Certificates.RevokeAsync("", issuer, serial, now, reason, ct).ConfigureAwait(false) is not { Revoked: { } revoked } certificate)
            {
                return (null, RestconfError.InvalidValue($"\"{Shown(issuer)}\" issued no certificate with serial number {serial} that sztpd recorded.", $"{Path}/serial-number"));
            }
            var reissued = false;
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
                // A managed key's certificate in force is replaced at once: nothing goes on presenting what was revoked.
                if (ManagedKeys.InForceSerials(datastore.Running).FirstOrDefault(k => k.Value == serial && ManagedKeys.Holder(k.Key) == certificate.Holder).Key is { } key)
                {
                    var (renewed, _) = await acme.RenewAsync(datastore, new HashSet<string>(StringComparer.Ordinal) { key }, time.GetUtcNow(), ct).ConfigureAwait(false);
                    reissued = renewed.Contains(key);
                }
            }
            return (new JsonObject
            {
                ["sztpd-ext:output"] = new JsonObject { ["holder"] = certificate.Holder, ["revoked"] = RunningDatastore.Timestamp(revoked), ["reissued"] = reissued },
            }, null);
        }
        finally
        {
            tenant?.Exit();
        }
    }

    /// <summary>
    /// The output of <c>export-certificate</c> for <paramref name="input"/>: a keystore key's certificate and issuers,
    /// with its key (encrypted under the passphrase) for an <c>unrestricted</c> admin (<paramref name="access"/>).
    /// </summary>
    public (JsonObject? Output, RestconfError? Error) Export(JsonObject input, string access, Tenancy.Tenant? own = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Select(m => m.Key).FirstOrDefault(k => k is not ("tenant" or "asymmetric-key" or "certificate" or "format" or "include-private-key" or "passphrase")) is { } unknown)
        {
            return (null, RestconfError.InvalidValue($"Unknown input member \"{unknown}\".", $"{Path}/{unknown}"));
        }
        if (Text(input, "asymmetric-key") is not { Length: > 0 } key)
        {
            return (null, RestconfError.MissingElement("\"asymmetric-key\" names the keystore key whose certificate is exported.", $"{Path}/asymmetric-key"));
        }
        var format = Text(input, "format") ?? "pem";
        if (format is not ("pem" or "pkcs12"))
        {
            return (null, RestconfError.InvalidValue("\"format\" is \"pem\" or \"pkcs12\".", $"{Path}/format"));
        }
        var withKey = input["include-private-key"] is JsonValue flag && flag.TryGetValue<bool>(out var include) && include;
        if (input["include-private-key"] is not null && !(input["include-private-key"] is JsonValue v && v.TryGetValue<bool>(out _)))
        {
            return (null, RestconfError.InvalidValue("\"include-private-key\" is true or false.", $"{Path}/include-private-key"));
        }
        if (withKey && access != "unrestricted")
        {
            return (null, RestconfError.AccessDenied(403, $"Access level \"{access}\" may not export a private key."));
        }
        var passphrase = Text(input, "passphrase");
        if ((withKey || format == "pkcs12") && passphrase is not { Length: >= 8 and <= 1024 })
        {
            return (null, RestconfError.InvalidValue("A \"passphrase\" of 8 to 1,024 characters is required with the private key and for \"pkcs12\".", $"{Path}/passphrase"));
        }
        if (Enter(input, own, out var tenant, out var tenantName) is { } scopeError)
        {
            return (null, scopeError);
        }
        try
        {
            var config = ConfigurationMapper.Map((tenant?.Datastore ?? state.Datastore).Running);
            var reference = new KeystoreReference(key, Text(input, "certificate") ?? key);
            if (config.Keystore.Read(reference, out var error) is not { } entry)
            {
                return (null, RestconfError.InvalidValue(error!, $"{Path}/asymmetric-key"));
            }
            using (entry.Key)
            {
                var output = format == "pem"
                    ? new JsonObject { ["pem"] = CertificateExport.Pem(entry.EndEntity, entry.Issuers, entry.Key, withKey ? passphrase : null) }
                    : new JsonObject { ["pkcs12"] = Convert.ToBase64String(CertificateExport.Pkcs12(entry.EndEntity, entry.Issuers, entry.Key, withKey, passphrase!)) };
                return (new JsonObject { ["sztpd-ext:output"] = output }, null);
            }
        }
        finally
        {
            tenant?.Exit();
        }
    }

    /// <summary>The output of <c>renew-certificate</c>: a managed key's certificate renewed now (with what it issues), or why not.</summary>
    public async Task<(JsonObject? Output, RestconfError? Error)> RenewAsync(JsonObject input, CancellationToken ct, Tenancy.Tenant? own = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Select(m => m.Key).FirstOrDefault(k => k is not ("tenant" or "asymmetric-key")) is { } unknown)
        {
            return (null, RestconfError.InvalidValue($"Unknown input member \"{unknown}\".", $"{Path}/{unknown}"));
        }
        if (Text(input, "asymmetric-key") is not { Length: > 0 } key)
        {
            return (null, RestconfError.MissingElement("\"asymmetric-key\" names the managed keystore key to renew.", $"{Path}/asymmetric-key"));
        }
        if (Enter(input, own, out var tenant, out _) is { } scopeError)
        {
            return (null, scopeError);
        }
        try
        {
            var datastore = tenant?.Datastore ?? state.Datastore;
            if (!ManagedKeys.InForceSerials(datastore.Running).ContainsKey(key))
            {
                return (null, RestconfError.InvalidValue($"There is no managed asymmetric-key \"{Shown(key)}\" (sztpd-ext:managed).", $"{Path}/asymmetric-key"));
            }
            var (renewed, failures) = await acme.RenewAsync(datastore, new HashSet<string>(StringComparer.Ordinal) { key }, time.GetUtcNow(), ct).ConfigureAwait(false);
            if (failures.FirstOrDefault(f => f.Key == key || f.Key.Length == 0) is { } failure)
            {
                return (null, RestconfError.OperationFailed($"asymmetric-key \"{Shown(key)}\" was not renewed: {failure.Reason}", $"{Path}/asymmetric-key"));
            }
            return (new JsonObject { ["sztpd-ext:output"] = new JsonObject { ["renewed"] = new JsonArray([.. renewed.Select(r => (JsonNode)r)]) } }, null);
        }
        finally
        {
            tenant?.Exit();
        }
    }

    /// <summary>
    /// Enters the tenant the RPC acts on: <paramref name="own"/> on the tenant interface (where <c>tenant</c> is refused),
    /// else the one <c>tenant</c> names, else none (the host's). The error when there is no such tenant.
    /// </summary>
    private RestconfError? Enter(JsonObject input, Tenancy.Tenant? own, out Tenancy.Tenant? tenant, out string? name)
    {
        (tenant, name) = (null, own?.Name);
        if (input["tenant"] is not null)
        {
            if (own is not null)
            {
                return RestconfError.InvalidValue("\"tenant\" is for host admins; on the tenant interface the RPC is your tenant's.", $"{Path}/tenant");
            }
            if ((name = Text(input, "tenant")) is null)
            {
                return RestconfError.InvalidValue("\"tenant\" is a tenant's name, a string.", $"{Path}/tenant");
            }
        }
        if (name is null)
        {
            return null;
        }
        if (state.Tenants?.Find(name) is { } found && found.TryEnter())
        {
            tenant = found;
            return null;
        }
        return RestconfError.InvalidValue(state.Tenants is null ? "\"tenant\" is for mode x; this server runs in mode 1." : "There is no such tenant.", $"{Path}/tenant");
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
