using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Schema;
using Sztpd.Pki.Certificates;

namespace Sztpd.DeviceSimulator.Device;

/// <summary>
/// One HTTPS connection from the device to a bootstrap server: its own TLS session (the IDevID and intermediates as the
/// client certificate, the server judged by <see cref="ServerTrust"/>), host-meta discovery (RFC 8040 §3.1) and the
/// RFC 8572 RPCs in JSON or XML.
/// </summary>
internal sealed class BootstrapServerClient : IDisposable
{
    private const string JsonType = "application/yang-data+json";
    private const string XmlType = "application/yang-data+xml";
    private static readonly XNamespace Xrd = "http://docs.oasis-open.org/ns/xri/xrd-1.0";
    private readonly HttpClient _http;
    private readonly DeviceOptions _options;

    public BootstrapServerClient(Uri server, DeviceOptions options, ServerTrust trust)
    {
        _options = options;
        Server = server;
        Trust = trust;
        var credentials = options.Credentials;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificateContext = credentials.TlsContext,
                CertificateChainPolicy = TrustChain.HandshakePolicy(), // ServerTrust judges the server's certificate
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => trust.Validate(certificate, chain, errors),
                EnabledSslProtocols = options.TlsProtocols,
            },
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler) { BaseAddress = server, Timeout = options.RequestTimeout };
        if (credentials.Password is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.SerialNumber}:{credentials.Password}")));
        }
    }

    /// <summary>The server's scheme, host and port.</summary>
    public Uri Server { get; }

    public ServerTrust Trust { get; }

    /// <summary>The RESTCONF root from <c>/.well-known/host-meta</c> (RFC 8040 §3.1).</summary>
    public async Task<string> DiscoverRootAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/host-meta");
        request.Headers.Accept.ParseAdd("application/xrd+xml");
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new BootstrapFailure("discovery", $"host-meta answered {(int)response.StatusCode}.");
        }

        try
        {
            var link = XElement.Parse(text).Elements(Xrd + "Link").FirstOrDefault(l => (string?)l.Attribute("rel") == "restconf");
            return ((string?)link?.Attribute("href"))?.TrimEnd('/') ?? throw new BootstrapFailure("discovery", "host-meta has no restconf link.");
        }
        catch (System.Xml.XmlException e)
        {
            throw new BootstrapFailure("discovery", $"host-meta is not XML: {e.Message}");
        }
    }

    /// <summary>POSTs RPC <paramref name="rpc"/> of ietf-sztp-bootstrap-server with <paramref name="input"/> (members as in JSON).</summary>
    public async Task<RpcResponse> PostAsync(string path, string rpc, JsonObject input, List<RpcTiming> timings, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Body(rpc, input) };
        request.Headers.Accept.ParseAdd(_options.Xml ? XmlType : JsonType);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            timings.Add(new RpcTiming(rpc, Server.Authority, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            var isXml = response.Content.Headers.ContentType?.MediaType?.EndsWith("xml", StringComparison.Ordinal) == true;
            return text.Length == 0 ? new RpcResponse(status, null, null, text)
                : isXml ? ParseXml(rpc, status, text) : ParseJson(status, text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            timings.Add(new RpcTiming(rpc, Server.Authority, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            throw;
        }
    }

    private HttpContent Body(string rpc, JsonObject input)
    {
        var text = _options.Xml
            ? XmlCodec.ToXml(SouthboundSchema.Context, SouthboundSchema.Input(rpc), input).Single().ToString(SaveOptions.DisableFormatting)
            : new JsonObject { [$"{SouthboundSchema.Module}:input"] = input.DeepClone() }.ToJsonString();
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(_options.Xml ? XmlType : JsonType);
        return content;
    }

    private static RpcResponse ParseJson(int status, string text)
    {
        try
        {
            var body = JsonNode.Parse(text) as JsonObject;
            return new RpcResponse(status, body?[$"{SouthboundSchema.Module}:output"] as JsonObject, body?["ietf-restconf:errors"]?["error"] as JsonArray, text);
        }
        catch (System.Text.Json.JsonException)
        {
            return new RpcResponse(status, null, null, text);
        }
    }

    private static RpcResponse ParseXml(string rpc, int status, string text)
    {
        try
        {
            var root = XElement.Parse(text);
            if (root.Name.LocalName == "errors")
            {
                return new RpcResponse(status, null, new JsonArray([.. root.Elements().Select(e => (JsonNode)Naive(e))]), text);
            }

            var errors = new List<RestconfError>();
            var output = XmlCodec.FromXml(SouthboundSchema.Context, SouthboundSchema.Output(rpc), root, errors);
            return new RpcResponse(status, errors.Count == 0 ? output : null, null, text);
        }
        catch (System.Xml.XmlException)
        {
            return new RpcResponse(status, null, null, text);
        }
    }

    /// <summary>An XML element as JSON by local names only (for error bodies, whose error-info is open-ended).</summary>
    private static JsonObject Naive(XElement element)
    {
        var result = new JsonObject();
        foreach (var c in element.Elements())
        {
            result.TryAdd(c.Name.LocalName, c.HasElements ? Naive(c) : JsonValue.Create(c.Value));
        }

        return result;
    }

    public void Dispose() => _http.Dispose();
}
