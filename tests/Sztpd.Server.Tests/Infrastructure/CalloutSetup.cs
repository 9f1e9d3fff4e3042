using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Testing.Pki;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>
/// The PKI and configuration of webhook tests: a receiver's server certificate (for 127.0.0.1) under its own root, which
/// sztpd trusts through the truststore bag <c>webhook-ca</c>; a client certificate for sztpd (keystore key
/// <c>webhook-client</c>) under a root the receiver trusts; and builders for dynamic callouts and their webhooks.
/// </summary>
public sealed class CalloutSetup : IDisposable
{
    public CalloutSetup(TestPki pki)
    {
        ServerRoot = pki.CreateRoot("CN=Webhook receiver root, O=Sztpd Test");
        Server = ServerRoot.IssueEndEntity("CN=127.0.0.1, O=Sztpd Test", new TestCertificateOptions { IpAddresses = [IPAddress.Loopback] });
        ClientRoot = pki.CreateRoot("CN=sztpd client root, O=Sztpd Test");
        Client = ClientRoot.IssueEndEntity("CN=sztpd, O=Sztpd Test");
    }

    public TestCredential ServerRoot { get; }
    public TestCredential Server { get; }
    public TestCredential ClientRoot { get; }
    public TestCredential Client { get; }

    /// <summary>The receiver's TLS certificate, with its key.</summary>
    public X509Certificate2 ServerTls() => Server.ToTlsCertificate();

    /// <summary>What the receiver trusts client certificates to chain to.</summary>
    public X509Certificate2Collection ClientTrust => [ClientRoot.Certificate];

    /// <summary>Adds the keystore key <c>webhook-client</c> (certificate <c>webhook-client-cert</c>) and the truststore bag <c>webhook-ca</c>.</summary>
    public void AddKeys(JsonObject config)
    {
        config["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]!.AsArray().Add(Configs.KeyEntry("webhook-client", "webhook-client-cert", Client));
        config["wn-sztpd-1:truststore"]!["certificate-bags"]!["certificate-bag"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "webhook-ca",
            ["certificate"] = new JsonArray(new JsonObject { ["name"] = "webhook-root", ["cert-data"] = TestPki.CmsBase64(ServerRoot) }),
        });
    }

    /// <summary>A <c>dynamic-callout</c> implementing <paramref name="rpc"/> with <paramref name="webhooks"/>, in order.</summary>
    public static JsonObject Callout(string name, string rpc, string? opaque, params JsonObject[] webhooks)
    {
        var callout = new JsonObject { ["name"] = name, ["rpc-supported"] = "wn-sztpd-rpcs:" + rpc };
        if (opaque is not null)
        {
            callout["opaque"] = opaque;
        }
        callout["webhooks"] = new JsonObject { ["webhook"] = new JsonArray(webhooks) };
        return callout;
    }

    /// <summary>An HTTPS webhook on 127.0.0.1:<paramref name="port"/> checked against <c>webhook-ca</c>, presenting <c>webhook-client</c> unless told not to.</summary>
    public static JsonObject Https(string name, int port, bool clientIdentity = true)
    {
        var tls = new JsonObject { ["server-authentication"] = new JsonObject { ["ca-certs"] = new JsonObject { ["local-truststore-reference"] = "webhook-ca" } } };
        if (clientIdentity)
        {
            tls["sztpd-ext:client-identity"] = new JsonObject { ["asymmetric-key"] = "webhook-client", ["certificate"] = "webhook-client-cert" };
        }
        return new JsonObject
        {
            ["name"] = name,
            ["https"] = new JsonObject
            {
                ["tcp-client-parameters"] = new JsonObject { ["remote-address"] = "127.0.0.1", ["remote-port"] = port },
                ["tls-client-parameters"] = tls,
            },
        };
    }

    /// <summary>A plain HTTP webhook on 127.0.0.1:<paramref name="port"/> (SZTPD's only kind).</summary>
    public static JsonObject Http(string name, int port) => new()
    {
        ["name"] = name,
        ["http"] = new JsonObject { ["tcp-client-parameters"] = new JsonObject { ["remote-address"] = "127.0.0.1", ["remote-port"] = port } },
    };

    public void Dispose()
    {
        foreach (var credential in new[] { Server, ServerRoot, Client, ClientRoot })
        {
            credential.Dispose();
        }
    }
}
