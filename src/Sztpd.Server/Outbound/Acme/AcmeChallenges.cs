using System.Collections.Concurrent;

namespace Sztpd.Server.Outbound.Acme;

/// <summary>
/// The HTTP-01 challenges (RFC 8555 §8.3) of the ACME orders in progress, answered on every listener at
/// <c>/.well-known/acme-challenge/TOKEN</c>, unauthenticated and not audited (the ACME server's validation fetches it
/// over plain HTTP). A token is known only while its order waits for validation.
/// </summary>
internal sealed class AcmeChallenges
{
    public const string Root = "/.well-known/acme-challenge/";

    private readonly ConcurrentDictionary<string, string> _keyAuthorizations = new(StringComparer.Ordinal);

    public void Add(string token, string keyAuthorization) => _keyAuthorizations[token] = keyAuthorization;

    public void Remove(string token) => _keyAuthorizations.TryRemove(token, out _);

    /// <summary>Answers a GET of a challenge path (200 with the key authorization, or 404); false for any other request.</summary>
    public async Task<bool> TryAnswerAsync(HttpContext ctx, string rawPath)
    {
        if (!rawPath.StartsWith(Root, StringComparison.Ordinal) || !(HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method)))
        {
            return false;
        }
        ctx.Response.ContentType = "text/plain";
        if (!_keyAuthorizations.TryGetValue(rawPath[Root.Length..], out var keyAuthorization))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            await ctx.Response.WriteAsync("No ACME challenge is pending at this path.\n").ConfigureAwait(false);
            return true;
        }
        await ctx.Response.WriteAsync(keyAuthorization).ConfigureAwait(false);
        return true;
    }
}
