using System.Text.Json.Nodes;

namespace Sztpd.Core.Configuration;

public static partial class ConfigurationMapper
{
    private static Dictionary<string, DynamicCallout> Callouts(JsonObject c) =>
        Entries(c[Module + "dynamic-callouts"]?["dynamic-callout"]).Select(Callout).ToDictionary(d => d.Name, StringComparer.Ordinal);

    private static DynamicCallout Callout(JsonObject d) => new()
    {
        Name = (string)d["name"]!,
        Rpc = LocalName((string)d["rpc-supported"]!),
        Opaque = (string?)d["opaque"],
        Callback = d["callback"] is JsonObject callback ? ((string)callback["plugin"]!, (string)callback["function"]!) : null,
        Webhooks = [.. Entries(d["webhooks"]?["webhook"]).Select(Webhook)],
    };

    private static Webhook Webhook(JsonObject w)
    {
        var https = w["https"] as JsonObject;
        var tcp = (https ?? w["http"])?["tcp-client-parameters"];
        var server = https?["tls-client-parameters"]?["server-authentication"];
        var client = https?["tls-client-parameters"]?[Ext + "client-identity"];
        return new Webhook
        {
            Name = (string)w["name"]!,
            Https = https is not null,
            Address = (string?)tcp?["remote-address"] ?? "",
            Port = (int?)tcp?["remote-port"] ?? (https is null ? 80 : 443),
            Encoding = (string?)w["encoding"] ?? "json",
            ServerCaBag = (string?)server?["ca-certs"]?["local-truststore-reference"],
            ServerCertificateBag = (string?)server?["server-certs"]?["local-truststore-reference"],
            ClientIdentity = client is JsonObject ? Reference(client) : null,
            Timeout = TimeSpan.FromSeconds((int?)w[Ext + "timeout"] ?? 10),
        };
    }

    private static EmailSettings? Email(JsonObject c)
    {
        if (c[Module + "preferences"]?[Ext + "email"] is not JsonObject e)
        {
            return null;
        }
        var security = (string?)e["security"] ?? "starttls";
        return new EmailSettings
        {
            ServerAddress = (string)e["server-address"]!,
            Security = security,
            ServerPort = (int?)e["server-port"] ?? security switch { "tls" => 465, "none" => 25, _ => 587 },
            ServerCaBag = (string?)e["server-ca-certs"],
            Username = (string?)e["username"],
            From = (string)e["from"]!,
            Notify = [.. (e["notify"] as JsonArray ?? []).Select(a => (string)a!)],
        };
    }

    /// <summary>An identityref's local name: <c>wn-sztpd-rpcs:report-progress</c> is <c>report-progress</c>.</summary>
    private static string LocalName(string identity) => identity[(identity.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
