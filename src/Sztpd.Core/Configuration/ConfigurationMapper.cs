using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Sztpd.Core.Configuration;

/// <summary>
/// The one place that reads the running configuration's JSON (RFC 7951, as validated against <c>yang/</c>) by YANG
/// member name and turns it into the typed records the southbound interface uses. A configuration object is mapped
/// once: the datastore replaces, never changes, its running configuration, so the mapping lives as long as that revision.
/// </summary>
public static partial class ConfigurationMapper
{
    private const string Module = "wn-sztpd-1:";
    private const string Ext = "sztpd-ext:";
    private static readonly ConditionalWeakTable<JsonObject, RunningConfiguration> Mapped = [];

    /// <summary>The typed view of <paramref name="config"/>; map a configuration only once nothing changes it any more.</summary>
    public static RunningConfiguration Map(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Mapped.GetValue(config, static c => Map(c, Callouts(c)));
    }

    private static RunningConfiguration Map(JsonObject c, Dictionary<string, DynamicCallout> callouts) => new()
    {
        Listeners = [.. Entries(c[Module + "transport"]?["listen"]?["endpoint"]).Select(Listener)],
        AdminAccounts = [.. Entries(c[Module + "admin-accounts"]?["admin-account"])
                .Select(a => new AdminAccount((string)a["email-address"]!, (string?)a["password"] ?? "", (string?)a["access"] ?? "read-only"))],
        Authentication = c[Module + "preferences"]?[Ext + "authentication"] is JsonObject auth
                ? new AuthenticationPreferences((int?)auth["minimum-password-length"] ?? 0, (int?)auth["max-failed-logins-per-minute"] ?? 10)
                {
                    PasswordAgingTimeout = (int?)auth["password-aging-timeout"] is { } days ? TimeSpan.FromDays(days) : null,
                    AccountActivation = (bool?)auth["account-activation"] ?? false,
                }
                : new AuthenticationPreferences(),
        DeviceTypes = Entries(c[Module + "device-types"]?["device-type"]).Select(DeviceType).ToDictionary(t => t.Name, StringComparer.Ordinal),
        Blocks = Blocks(c),
        Keystore = Keystore(c),
        Truststore = Truststore(c),
        DynamicCallouts = callouts,
        RelayProgressReportCallout = (string?)c[Module + "preferences"]?["outbound-interactions"]?["relay-progress-report-callout"] is { } relay
                ? callouts.GetValueOrDefault(relay)
                : null,
        RelayNotificationCallout = (string?)c[Module + "preferences"]?["outbound-interactions"]?[Ext + "relay-notification-log-record-callout"] is { } notify
                ? callouts.GetValueOrDefault(notify)
                : null,
        Email = Email(c),
        DeviceOwnershipVerification = (string?)c[Module + "preferences"]?["wn-sztpd-x:device-ownership-verification"]?["dynamic-callout"] is { } verify
                ? callouts.GetValueOrDefault(verify)
                : null,
    };

    /// <summary>A <c>device</c> row (its stored JSON).</summary>
    public static Device Device(JsonObject row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new Device
        {
            SerialNumber = (string)row["serial-number"]!,
            DeviceType = (string?)row["device-type"],
            ActivationCode = (string?)row["activation-code"],
            Responses = Responses(row["response-manager"]),
            OwnershipVouchers = [.. Entries(row[Ext + "ownership-vouchers"]?["ownership-voucher"])
                .Select(v => new OwnershipVoucherEntry((string?)v["name"], (string)v["voucher"]!))],
        };
    }

    private static ListenerEndpoint Listener(JsonObject e)
    {
        var https = e["https"] as JsonObject;
        var tcp = (https ?? e["http"])?["tcp-server-parameters"];
        var tls = https?["tls-server-parameters"];
        var auth = tls?["client-authentication"];
        var hello = tls?[Ext + "hello-params"];
        return new ListenerEndpoint((string)e["name"]!, (string)e["use-for"]!, (string?)tcp?["local-address"] ?? "", (int?)tcp?["local-port"],
            https is null ? null : Reference(tls?["server-identity"]?["certificate"]?["reference"]),
            (string?)auth?["ca-certs"]?["local-truststore-reference"] ?? (string?)auth?["client-certs"]?["local-truststore-reference"])
        {
            TlsVersions = [.. (hello?["tls-version"] as JsonArray ?? []).Select(v => (string)v!)],
            CipherSuites = [.. (hello?["cipher-suite"] as JsonArray ?? []).Select(v => (string)v!)],
            ExternalEndpoint = e[Ext + "external-endpoint"] is JsonObject external ? ((string)external["address"]!, (int?)external["port"] ?? 443) : null,
        };
    }

    /// <summary>A device type, its unset leaves taken from its device profile.</summary>
    private static DeviceType DeviceType(JsonObject t) => DeviceType(t, DeviceProfile.Of((string?)t[Ext + "device-profile"]));

    private static DeviceType DeviceType(JsonObject t, DeviceProfile profile) => new()
    {
        Name = (string)t["name"]!,
        Profile = profile.Name,
        IdentityCertificates = t["identity-certificates"] is JsonObject identity ? Trust(identity["verification"]?["local-truststore-reference"]) : null,
        SerialNumberRule = t[Ext + "serial-number-regex"] is JsonObject rule
            ? new SerialNumberRule((string?)rule["source"] ?? "subject-serial-number", (string)rule["regex"]!) : profile.SerialNumberRule,
        AcceptSha1Signatures = (bool?)t[Ext + "accept-sha1-signatures"] ?? profile.AcceptSha1Signatures,
        ConveyedInformationEncoding = (string?)t[Ext + "conveyed-information-encoding"] ?? profile.ConveyedInformationEncoding,
        ReportingLevel = (string?)t[Ext + "reporting-level"] ?? profile.ReportingLevel,
        SignedData = t[Ext + "signed-data"] is JsonObject signed
            ? new SignedDataPolicy(Reference(signed["owner-certificate"]), (string?)signed["voucher-trust-anchors"] ?? "", (string?)signed["sign-responses"] == "always",
                (string?)signed["embed-certificates"] switch
                {
                    "signer" => EmbeddedCertificates.Signer,
                    "chain" => EmbeddedCertificates.Chain,
                    "none" => EmbeddedCertificates.None,
                    _ => profile.EmbedCertificates,
                })
            : null,
        Csr = t[Ext + "csr"] is JsonObject csr
            ? new CsrPolicy(Reference(csr["certificate-authority"]), (string?)csr["key"] == "idevid-key", (int?)csr["validity-days"] ?? 365, (int?)csr["max-certificates"] ?? 16)
            : null,
        Responses = Responses(t[Ext + "response-manager"]),
        OwnershipAuthorization = (string?)t["ownership-authorization"]?["dynamic-callout"]?["reference"],
    };

    private static IReadOnlyList<MatchedResponse> Responses(JsonNode? manager) =>
        [.. Entries(manager?["matched-response"]).Select(e => new MatchedResponse(
            (string)e["name"]!,
            [.. Entries(e["match-criteria"]?["match"]).Select(Match)],
            Response(e["response"] as JsonObject)))];

    private static MatchTest Match(JsonObject m)
    {
        var (kind, text) = m.ContainsKey("present") ? (MatchKind.Present, null)
            : (string?)m["value"] is { } value ? (MatchKind.Value, value)
            : (MatchKind.Regex, (string?)(m["regex"] ?? m[Ext + "regex"]));
        return new MatchTest((string)m["key"]!, kind, text, m.ContainsKey("not"));
    }

    private static ResponseReference Response(JsonObject? response)
    {
        if (response?["conveyed-information"] is not JsonObject source)
        {
            return new ResponseReference(ResponseKind.None);
        }
        if ((string?)source["redirect-information"]?["reference"] is { } redirect)
        {
            return new ResponseReference(ResponseKind.RedirectInformation, redirect);
        }
        return (string?)source["onboarding-information"]?["reference"] is { } onboarding
            ? new ResponseReference(ResponseKind.OnboardingInformation, onboarding)
            : new ResponseReference(ResponseKind.DynamicCallout, (string?)source["dynamic-callout"]?["reference"]);
    }

    private static KeystoreReference Reference(JsonNode? node) => new((string?)node?["asymmetric-key"] ?? "", (string?)node?["certificate"] ?? "");

    private static TrustReference Trust(JsonNode? node) => new((string?)node?["certificate-bag"], (string?)node?["certificate"]);

    private static IEnumerable<JsonObject> Entries(JsonNode? list) => (list as JsonArray ?? []).OfType<JsonObject>();
}
