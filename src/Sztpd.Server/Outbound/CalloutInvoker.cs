using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Limits;
using Sztpd.Core.Outbound;

namespace Sztpd.Server.Outbound;

/// <summary>
/// Dynamic callouts (docs/integration.md): a plugin function (<see cref="PluginHost"/>), or webhooks: each webhook in order gets <c>POST /RPC</c> with
/// <c>{"wn-sztpd-rpcs:input": ...}</c> (or its XML, <see cref="CalloutXml"/>) until one answers, within its timeout (measured on <paramref name="time"/>);
/// answers are read up to <see cref="InputLimits.MaxCalloutAnswerSize"/> bytes. An <c>ietf-restconf:errors</c> answer is the callee's
/// answer; a failure, timeout, or answer that is not a JSON object moves on to the next webhook.
/// </summary>
internal sealed class CalloutInvoker(TimeProvider time, InputLimits limits, PluginHost plugins) : ICalloutInvoker, IDisposable
{
    private const string Json = "application/yang-data+json";
    private const string Xml = "application/yang-data+xml";
    private readonly WebhookClients _clients = new();

    public async Task<CalloutResult> CallAsync(DynamicCallout callout, JsonObject input, RunningConfiguration config, CancellationToken ct, string? idempotencyKey = null)
    {
        var log = new JsonObject { ["name"] = callout.Name, ["rpc-supported"] = CalloutInput.Module + ":" + callout.Rpc };
        if (callout.Callback is { } callback)
        {
            // A plugin gets (input, opaque), as SZTPD's do: the input without the opaque a webhook's carries.
            log["callout-type"] = "callback";
            var pluginInput = (JsonObject)input.DeepClone();
            pluginInput.Remove("opaque");
            return await plugins.CallAsync(callback.Plugin, callback.Function, pluginInput, callout.Opaque, log, ct).ConfigureAwait(false);
        }
        log["callout-type"] = "webhooks";
        var results = new JsonArray();
        log["webhook-results"] = results;
        var json = CalloutInput.WebhookBody(callout, input);
        foreach (var webhook in callout.Webhooks)
        {
            var body = webhook.Encoding == "xml" ? CalloutXml.Body(json) : json.ToJsonString();
            var (answer, error, failure) = await PostAsync(callout, webhook, body, config, idempotencyKey, ct).ConfigureAwait(false);
            results.Add(new JsonObject { ["webhook"] = webhook.Name, ["result"] = failure ?? (error is null ? "answered" : $"answered error {error.Tag}") });
            if (failure is null)
            {
                return new CalloutResult { Output = answer, Error = error, Log = log };
            }
        }
        return new CalloutResult { Failure = $"no webhook of the dynamic callout \"{callout.Name}\" answered ({string.Join("; ", results.Select(r => $"{r!["webhook"]}: {r["result"]}"))}).", Log = log };
    }

    /// <summary>One webhook: its 2xx answer (a JSON object, or none), its <c>ietf-restconf:errors</c>, or why it failed.</summary>
    private async Task<(JsonObject? Answer, Core.Restconf.RestconfError? Error, string? Failure)> PostAsync(DynamicCallout callout, Webhook webhook, string body, RunningConfiguration config, string? idempotencyKey, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(webhook.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var uri = new UriBuilder(webhook.Https ? "https" : "http", webhook.Address, webhook.Port, CalloutInput.WebhookPath(callout)).Uri;
        try
        {
            var client = _clients.For(callout.Name, webhook, config);
            var media = webhook.Encoding == "xml" ? Xml : Json;
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, media) };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(media));
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var (text, tooBig) = await ReadBoundedAsync(response.Content, linked.Token).ConfigureAwait(false);
            if (tooBig)
            {
                return (null, null, $"{(int)response.StatusCode}, an answer of more than {limits.MaxCalloutAnswerSize} bytes");
            }
            var document = webhook.Encoding == "xml" && text.TrimStart().StartsWith('<') ? CalloutXml.Answer(text, callout.Rpc, limits) : Parse(text);
            if (!response.IsSuccessStatusCode)
            {
                return CalloutErrors.FirstError(document) is { } calleeError ? (null, calleeError, null) : (null, null, $"{(int)response.StatusCode} without ietf-restconf:errors");
            }
            return text.Length == 0 || document is not null ? (document, null, null) : (null, null, $"{(int)response.StatusCode}, an answer that is not a JSON object");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return (null, null, $"no answer within {webhook.Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
        {
            return (null, null, e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message);
        }
    }

    private async Task<(string Text, bool TooBig)> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentLength > limits.MaxCalloutAnswerSize)
        {
            return ("", true);
        }
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (kept.Length + n > limits.MaxCalloutAnswerSize)
            {
                return ("", true);
            }
            kept.Write(buffer, 0, n);
        }
        return (Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length), false);
    }

    private JsonObject? Parse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = limits.MaxNestingDepth }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _clients.Dispose();
}
