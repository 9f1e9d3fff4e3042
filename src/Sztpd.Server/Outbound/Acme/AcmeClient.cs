using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Sztpd.Server.Outbound.Acme;

/// <summary>An ACME server's refusal (an RFC 7807 problem document, RFC 8555 §6.7) or an answer sztpd cannot use.</summary>
internal sealed class AcmeException(string message) : Exception(message);

/// <summary>
/// A small ACME client (RFC 8555; no maintained .NET library is on the package mirror): the directory, nonces, the
/// account (found or created), orders, authorizations and challenges, finalization and the certificate chain. Each
/// request is a JWS signed by the account key; a <c>badNonce</c> refusal is retried once with the nonce it carries.
/// Answers are bounded (<see cref="MaxAnswerBytes"/>).
/// </summary>
internal sealed class AcmeClient(HttpClient http, Uri directoryUrl, AsymmetricAlgorithm accountKey)
{
    /// <summary>The largest answer read: a certificate chain or an order is a few kilobytes.</summary>
    public const int MaxAnswerBytes = 1 << 20;

    private JsonObject? _directory;
    private string? _nonce;
    private string? _account;

    /// <summary>The key authorization of a challenge's <paramref name="token"/> (RFC 8555 §8.1).</summary>
    public string KeyAuthorization(string token) => $"{token}.{Jws.Thumbprint(accountKey)}";

    /// <summary>Finds the account of the key, or creates it with <paramref name="contact"/>; returns its URL.</summary>
    public async Task<string> AccountAsync(IReadOnlyList<string> contact, bool termsOfServiceAgreed, CancellationToken ct)
    {
        var payload = new JsonObject { ["contact"] = new JsonArray([.. contact.Select(c => (JsonNode)c)]) };
        if (termsOfServiceAgreed)
        {
            payload["termsOfServiceAgreed"] = true;
        }
        var (answer, location) = await PostAsync(await UrlAsync("newAccount", ct).ConfigureAwait(false), payload, useKid: false, ct).ConfigureAwait(false);
        if ((string?)answer?["status"] is { } status && status != "valid")
        {
            throw new AcmeException($"The ACME account is {status}.");
        }
        return _account = location ?? throw new AcmeException("newAccount answered without the account's URL (Location).");
    }

    /// <summary>Creates an order for <paramref name="identifiers"/> (type and value); returns its URL and body.</summary>
    public async Task<(string Url, JsonObject Order)> NewOrderAsync(IEnumerable<(string Type, string Value)> identifiers, CancellationToken ct)
    {
        var payload = new JsonObject { ["identifiers"] = new JsonArray([.. identifiers.Select(i => (JsonNode)new JsonObject { ["type"] = i.Type, ["value"] = i.Value })]) };
        var (order, location) = await PostAsync(await UrlAsync("newOrder", ct).ConfigureAwait(false), payload, useKid: true, ct).ConfigureAwait(false);
        return (location ?? throw new AcmeException("newOrder answered without the order's URL (Location)."), Object(order, "newOrder"));
    }

    /// <summary>POST-as-GET of a resource (an order, an authorization, a challenge).</summary>
    public async Task<JsonObject> GetAsync(string url, CancellationToken ct) =>
        Object((await PostAsync(url, null, useKid: true, ct).ConfigureAwait(false)).Answer, url);

    /// <summary>Tells the server a challenge is ready to be validated.</summary>
    public async Task RespondAsync(string challengeUrl, CancellationToken ct) =>
        await PostAsync(challengeUrl, new JsonObject(), useKid: true, ct).ConfigureAwait(false);

    /// <summary>Finalizes an order with a PKCS #10 <paramref name="csr"/> (DER).</summary>
    public async Task<JsonObject> FinalizeAsync(string finalizeUrl, byte[] csr, CancellationToken ct) =>
        Object((await PostAsync(finalizeUrl, new JsonObject { ["csr"] = Jws.Base64Url(csr) }, useKid: true, ct).ConfigureAwait(false)).Answer, finalizeUrl);

    /// <summary>Revokes a certificate the account's orders issued (RFC 8555 §7.6), for an RFC 5280 reason code.</summary>
    public async Task RevokeAsync(byte[] certificate, int reason, CancellationToken ct) =>
        await PostAsync(await UrlAsync("revokeCert", ct).ConfigureAwait(false), new JsonObject { ["certificate"] = Jws.Base64Url(certificate), ["reason"] = reason },
            useKid: true, ct).ConfigureAwait(false);

    /// <summary>The certificate chain an order issued (PEM, the certificate first).</summary>
    public async Task<string> CertificateAsync(string url, CancellationToken ct)
    {
        using var response = await SendAsync(url, null, useKid: true, ct).ConfigureAwait(false);
        return await ReadAsync(response, ct).ConfigureAwait(false);
    }

    private async Task<string> UrlAsync(string name, CancellationToken ct)
    {
        if (_directory is null)
        {
            using var response = await http.GetAsync(directoryUrl, ct).ConfigureAwait(false);
            _directory = Object(await ParseAsync(response, ct).ConfigureAwait(false), "the directory");
        }
        return (string?)_directory[name] ?? throw new AcmeException($"The ACME directory {directoryUrl} names no {name}.");
    }

    private async Task<(JsonNode? Answer, string? Location)> PostAsync(string url, JsonNode? payload, bool useKid, CancellationToken ct)
    {
        using var response = await SendAsync(url, payload, useKid, ct).ConfigureAwait(false);
        return (await ParseAsync(response, ct).ConfigureAwait(false), response.Headers.Location?.ToString());
    }

    /// <summary>Sends one signed request; a <c>badNonce</c> refusal is retried once, any other refusal thrown.</summary>
    private async Task<HttpResponseMessage> SendAsync(string url, JsonNode? payload, bool useKid, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var header = new JsonObject { ["nonce"] = await NonceAsync(ct).ConfigureAwait(false), ["url"] = url };
            if (useKid)
            {
                header["kid"] = _account ?? throw new InvalidOperationException("No ACME account yet.");
            }
            else
            {
                header["jwk"] = Jws.Jwk(accountKey);
            }
            using var content = new StringContent(Jws.Sign(accountKey, header, payload?.DeepClone()).ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/jose+json");
            var response = await http.PostAsync(url, content, ct).ConfigureAwait(false);
            _nonce = response.Headers.TryGetValues("Replay-Nonce", out var nonces) ? nonces.FirstOrDefault() : null;
            if (response.IsSuccessStatusCode)
            {
                return response;
            }
            using (response)
            {
                var problem = await ReadAsync(response, ct, refusal: true).ConfigureAwait(false);
                var parsed = Parse(problem);
                if (attempt == 0 && (string?)parsed?["type"] == "urn:ietf:params:acme:error:badNonce")
                {
                    continue;
                }
                throw new AcmeException($"The ACME server refused {new Uri(url).AbsolutePath} ({(int)response.StatusCode}): "
                    + ((string?)parsed?["detail"] ?? (string?)parsed?["type"] ?? Shorten(problem)));
            }
        }
    }

    private async Task<string> NonceAsync(CancellationToken ct)
    {
        if (_nonce is { } kept)
        {
            _nonce = null;
            return kept;
        }
        using var request = new HttpRequestMessage(HttpMethod.Head, await UrlAsync("newNonce", ct).ConfigureAwait(false));
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        return response.Headers.TryGetValues("Replay-Nonce", out var nonces) && nonces.FirstOrDefault() is { } nonce
            ? nonce
            : throw new AcmeException($"newNonce answered {(int)response.StatusCode} without a Replay-Nonce.");
    }

    private static async Task<JsonNode?> ParseAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await ReadAsync(response, ct, refusal: !response.IsSuccessStatusCode).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new AcmeException($"The ACME server answered {(int)response.StatusCode}: {(string?)Parse(text)?["detail"] ?? Shorten(text)}");
        }
        return text.Length == 0 ? null : Parse(text) ?? throw new AcmeException($"The ACME server's answer is not JSON: {Shorten(text)}");
    }

    /// <summary>The answer's text, at most <see cref="MaxAnswerBytes"/>; a refusal's is cut, anything else too long is an error.</summary>
    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct, bool refusal = false)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[MaxAnswerBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false)) > 0)
        {
            read += n;
        }
        if (read > MaxAnswerBytes && !refusal)
        {
            throw new AcmeException($"The ACME server's answer is longer than {MaxAnswerBytes} bytes.");
        }
        return Encoding.UTF8.GetString(buffer, 0, Math.Min(read, MaxAnswerBytes));
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static JsonObject Object(JsonNode? node, string what) =>
        node as JsonObject ?? throw new AcmeException($"The ACME server's answer for {what} is not a JSON object.");

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
