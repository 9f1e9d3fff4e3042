using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Limits;
using Sztpd.Core.Storage;
using Sztpd.Pki.Certificates;
using Sztpd.Pki.Passwords;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// Device authentication (RFC 8572 section 5.3, compat section 3.2): serial numbers from the certificate and the Basic
/// username must agree; the device must exist; its activation code and its device type's identity certificates are
/// checked, and a certificate sztpd issued and revoked is refused (<see cref="RevokedCertificates"/>); each request of an authenticated device is counted in its lifecycle statistics (<see cref="RecordAccessAsync"/>).
/// A Basic password longer than <see cref="InputLimits.MaxSecretLength"/> is refused before anything is looked up, and
/// wrong activation codes are throttled per serial number and source (<see cref="LoginThrottle"/>, the limit of
/// <c>max-failed-logins-per-minute</c>).
/// </summary>
public sealed class DeviceAuthenticator(IDeviceDirectory directory, TimeProvider time, InputLimits limits)
{
    /// <summary>The longest Basic user name (a serial number) looked up.</summary>
    public const int MaxUserLength = 256;

    private readonly CryptCache _crypt = new();
    private readonly LoginThrottle _throttle = new(time);

    /// <summary>The device, or the precise reason (for the audit log) it is refused, and how long to wait when the refusal is throttling (429).</summary>
    public async Task<(DeviceIdentity? Device, string Reason, TimeSpan? RetryAfter)> AuthenticateAsync(DeviceCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var (cert, user) = (credentials.Certificate, credentials.User);
        if (cert is null && user is null)
        {
            return (null, "Device provided no identification credentials.", null);
        }
        if (user?.Length > MaxUserLength || credentials.Password?.Length > limits.MaxSecretLength)
        {
            return (null, $"Device provided Basic credentials longer than the limits (user name {MaxUserLength}, password {limits.MaxSecretLength} characters).", null);
        }
        if (credentials.Intermediates.Refusal is { } tooMany)
        {
            return (null, tooMany, null);
        }
        IEnumerable<string?> candidates = user is not null
            ? [user]
            : new[] { DeviceSerialNumber.Of(cert!) }.Concat(directory.RuledDeviceTypes.Select(t => SerialNumbers.For(cert!, t)));
        string? firstCandidate = null;
        foreach (var serial in candidates.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            firstCandidate ??= serial;
            if (await directory.FindAsync(serial).ConfigureAwait(false) is not var (row, scope))
            {
                continue;
            }
            var config = scope.Config;
            var device = ConfigurationMapper.Device((JsonObject)JsonNode.Parse(row.Json)!);
            var type = config.DeviceTypeOf(device.DeviceType);
            if (cert is not null && SerialNumbers.For(cert, type) is var fromCert && fromCert != serial)
            {
                if (user is null)
                {
                    continue;
                }
                return (null, $"Device provided mismatched authentication credentials ({fromCert ?? "no serial number in the certificate"} != {user}).", null);
            }
            if (device.ActivationCode is not null && _throttle.RetryAfter(serial, credentials.Source) is { } wait)
            {
                return (null, $"Too many wrong activation codes for serial number {serial} or from {credentials.Source}; try again in {(int)Math.Ceiling(wait.TotalSeconds)} s.", wait);
            }
            var identity = new DeviceIdentity(serial, device, type, cert) { Scope = scope };
            var failure = Check(identity, credentials, config.Truststore, config.Authentication.MaxFailedLoginsPerMinute);
            if (failure is null && cert is not null)
            {
                failure = await RevokedCertificates.RefusalAsync(scope, cert).ConfigureAwait(false);
            }
            if (failure is not null)
            {
                return (null, failure, null);
            }
            if (device.ActivationCode is not null)
            {
                _throttle.Succeeded(serial, credentials.Source);
            }
            return (identity, "", null);
        }
        return (null, $"Device \"{firstCandidate}\" not found for any tenant.", null);
    }

    /// <summary>
    /// Counts a request of an authenticated device in its lifecycle statistics, committed with the request's log entries
    /// in its scope's store; a certificate issued to it is recorded first, so that none the device holds goes unrecorded.
    /// </summary>
    public static async Task RecordAccessAsync(DeviceIdentity device, DateTimeOffset when, IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox,
        CertificateAppend? issued = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var scope = device.Scope ?? throw new ArgumentException("The device was not authenticated by a DeviceAuthenticator.", nameof(device));
        if (issued is not null)
        {
            await scope.Store.Certificates.AddAsync(issued).ConfigureAwait(false);
        }
        await scope.Store.RecordAccessAsync(scope.DevicesPath, device.SerialNumber, when, entries, outbox).ConfigureAwait(false);
    }

    /// <summary>Activation code and identity-certificate checks; null when both pass.</summary>
    private string? Check(DeviceIdentity d, DeviceCredentials credentials, Truststore truststore, int maxFailures)
    {
        var (cert, password) = (credentials.Certificate, credentials.Password);
        if (d.Device.ActivationCode is { } code)
        {
            if (password is null)
            {
                return $"Activation code required but none passed for serial number {d.SerialNumber}";
            }
            if (!_crypt.Verify(password, code))
            {
                _throttle.Failed(d.SerialNumber, credentials.Source, maxFailures);
                return $"Activation code mismatch for serial number {d.SerialNumber}";
            }
        }
        if (d.DeviceType is { IdentityCertificates: { } identity } type)
        {
            if (cert is null)
            {
                return $"Client cert required but none passed for serial number {d.SerialNumber}";
            }
            var trust = truststore.Of(identity);
            var refused = $"Client cert for serial number '{d.SerialNumber}' does not validate using trust anchors specified by device-type '{type.Name}'";
            var (builds, sha1Signed) = Validate(cert, trust, credentials.Intermediates.Certificates, credentials.ConnectionItems);
            if (!builds)
            {
                return refused;
            }
            if (sha1Signed is not null && !type.AcceptSha1Signatures)
            {
                // SZTPD's sentence, and the SHA-1 refusal SZTPD does not make.
                return $"{refused} (\"{sha1Signed}\" is signed with SHA-1; see sztpd-ext:accept-sha1-signatures)";
            }
        }
        return null;
    }

    /// <summary>
    /// Path validation of the TLS client certificate, done once per connection for a given trust bag (requests on a
    /// kept-alive connection present the same certificate and intermediates) and redone after <see cref="VerdictLifetime"/>,
    /// so an expiry during a long connection is noticed. The intermediates the device presented only help build the path:
    /// the trust anchors are the self-signed certificates of the trust bag (<see cref="TrustChain"/>).
    /// </summary>
    private (bool Builds, string? Sha1Signed) Validate(X509Certificate2 cert, X509Certificate2Collection trust, X509Certificate2Collection intermediates, IDictionary<object, object?>? connectionItems)
    {
        var now = time.GetUtcNow();
        object? cached = null;
        if (connectionItems is not null)
        {
            lock (connectionItems) // HTTP/2 streams of one connection run concurrently
            {
                connectionItems.TryGetValue(VerdictKey, out cached);
            }
        }
        if (cached is ChainVerdict v && now - v.At < VerdictLifetime && SameCertificates(v.Trust, trust))
        {
            return (v.Builds, v.Sha1Signed);
        }
        string? sha1Signed = null;
        var builds = trust.Count > 0 && TrustChain.Builds(cert, trust, intermediates, out sha1Signed);
        if (connectionItems is not null)
        {
            lock (connectionItems)
            {
                connectionItems[VerdictKey] = new ChainVerdict(trust, now, builds, sha1Signed);
            }
        }
        return (builds, sha1Signed);
    }

    /// <summary>The same decoded certificate objects: <see cref="Truststore"/> decodes an entry once per configuration revision.</summary>
    private static bool SameCertificates(X509Certificate2Collection a, X509Certificate2Collection b) =>
        a.Count == b.Count && a.Zip(b).All(p => ReferenceEquals(p.First, p.Second));

    private static readonly object VerdictKey = new();
    private static readonly TimeSpan VerdictLifetime = TimeSpan.FromMinutes(1);

    /// <summary>A connection's last path-validation result, for the trust bag it was made against.</summary>
    private sealed record ChainVerdict(X509Certificate2Collection Trust, DateTimeOffset At, bool Builds, string? Sha1Signed);
}
