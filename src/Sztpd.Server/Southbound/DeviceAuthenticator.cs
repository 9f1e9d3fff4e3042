using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Sztpd.Core.Storage;
using Sztpd.Server.Hosting;

namespace Sztpd.Server.Southbound;

/// <summary>An authenticated device: its serial number, its configuration entry and its device type (if any).</summary>
internal sealed record DeviceIdentity(string SerialNumber, JsonObject Device, JsonObject? DeviceType);

/// <summary>
/// Device authentication (RFC 8572 section 5.3, compat section 3.2): serial numbers from the TLS client
/// certificate (or, behind a TLS-terminating proxy, the <c>X-Client-Cert</c> header) and the Basic username must
/// agree; the device must exist; its activation code and its device type's identity certificates are checked.
/// </summary>
internal sealed class DeviceAuthenticator(IDataStore store, string devicesPath)
{
    public const string ClientCertHeader = "X-Client-Cert";
    private readonly CryptCache _crypt = new();

    /// <summary>The device, or the precise reason (for the audit log) it is refused.</summary>
    public async Task<(DeviceIdentity? Device, string Reason)> AuthenticateAsync(HttpContext ctx, EndpointSpec endpoint, JsonObject config)
    {
        var cert = ctx.Connection.ClientCertificate;
        if (cert is null && !endpoint.IsHttps && ctx.Request.Headers[ClientCertHeader].ToString() is { Length: > 0 } forwarded)
        {
            cert = ParseForwarded(forwarded);
            if (cert is null)
            {
                return (null, $"The {ClientCertHeader} header does not hold a URL-encoded PEM certificate.");
            }
        }
        var (user, password) = Basic(ctx);
        if (cert is null && user is null)
        {
            return (null, "Device provided no identification credentials.");
        }
        var types = (config["wn-sztpd-1:device-types"]?["device-type"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        IEnumerable<string?> candidates = user is not null
            ? [user]
            : new[] { SerialNumbers.Default(cert!) }.Concat(types.Where(t => t["sztpd-ext:serial-number-regex"] is not null).Select(t => SerialNumbers.For(cert!, t)));
        string? firstCandidate = null;
        foreach (var serial in candidates.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            firstCandidate ??= serial;
            var row = await store.GetRowAsync(devicesPath, serial).ConfigureAwait(false);
            if (row is null)
            {
                continue;
            }
            var device = (JsonObject)JsonNode.Parse(row.Json)!;
            var type = types.FirstOrDefault(t => (string?)t["name"] == (string?)device["device-type"]);
            if (cert is not null && SerialNumbers.For(cert, type) is var fromCert && fromCert != serial)
            {
                if (user is null)
                {
                    continue;
                }
                return (null, $"Device provided mismatched authentication credentials ({fromCert ?? "no serial number in the certificate"} != {user}).");
            }
            var identity = new DeviceIdentity(serial, device, type);
            var failure = Check(identity, cert, user is null ? null : password, config);
            return failure is null ? (identity, "") : (null, failure);
        }
        return (null, $"Device \"{firstCandidate}\" not found for any tenant.");
    }

    /// <summary>Activation code and identity-certificate checks; null when both pass.</summary>
    private string? Check(DeviceIdentity d, X509Certificate2? cert, string? password, JsonObject config)
    {
        if ((string?)d.Device["activation-code"] is { } code)
        {
            if (password is null)
            {
                return $"Activation code required but none passed for serial number {d.SerialNumber}";
            }
            if (!_crypt.Verify(password, code))
            {
                return $"Activation code mismatch for serial number {d.SerialNumber}";
            }
        }
        if (d.DeviceType?["identity-certificates"] is JsonObject identity)
        {
            if (cert is null)
            {
                return $"Client cert required but none passed for serial number {d.SerialNumber}";
            }
            var trust = TrustAnchors(config, identity["verification"]?["local-truststore-reference"] as JsonObject);
            if (trust.Count == 0 || !ListenerHost.ChainsTo(cert, trust))
            {
                return $"Client cert for serial number '{d.SerialNumber}' does not validate using trust anchors specified by device-type '{(string?)d.DeviceType["name"]}'";
            }
        }
        return null;
    }

    private static X509Certificate2Collection TrustAnchors(JsonObject config, JsonObject? reference)
    {
        var bag = (config["wn-sztpd-1:truststore"]?["certificate-bags"]?["certificate-bag"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(b => (string?)b["name"] == (string?)reference?["certificate-bag"]);
        var entry = (bag?["certificate"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == (string?)reference?["certificate"]);
        if ((string?)entry?["cert-data"] is not { } data)
        {
            return [];
        }
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(data));
        return cms.Certificates;
    }

    private static X509Certificate2? ParseForwarded(string header)
    {
        try
        {
            return X509Certificate2.CreateFromPem(Uri.UnescapeDataString(header));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static (string? User, string? Password) Basic(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (decoded, "") : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}
