using System.Net;
using System.Text;
using Sztpd.Core.Accounts;

namespace Sztpd.Server.Northbound;

/// <summary>
/// The page an activation link opens (<see cref="AccountStates.ActivationPath"/>, native-interface endpoints, no
/// authentication: the token is the credential). GET shows a form and changes nothing, so that a mail scanner fetching
/// the link activates nothing; its POST activates the account. The token is never logged nor audited (the audit entry
/// keeps the path, not the query).
/// </summary>
internal sealed class AccountActivation(ServerState state, TimeProvider time)
{
    /// <summary>A token is 43 characters; a form body larger than this is refused unread.</summary>
    private const int MaxForm = 256;

    /// <summary>Answers the request; returns whether it activated an account and the audit comment.</summary>
    public async Task<(bool Activated, string Comment)> HandleAsync(HttpContext ctx)
    {
        if (HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method))
        {
            var token = ctx.Request.Query["token"].ToString();
            await PageAsync(ctx, 200, token.Length is > 0 and <= MaxForm
                ? $"<form method=\"post\"><input type=\"hidden\" name=\"token\" value=\"{WebUtility.HtmlEncode(token)}\"><button type=\"submit\">Activate my sztpd account</button></form>"
                : "<p>This link has no token.</p>").ConfigureAwait(false);
            return (false, "Activation page shown.");
        }
        if (!HttpMethods.IsPost(ctx.Request.Method))
        {
            ctx.Response.Headers.Allow = "GET, HEAD, POST";
            await PageAsync(ctx, 405, "<p>Use the link's form.</p>").ConfigureAwait(false);
            return (false, $"Method {ctx.Request.Method} not allowed on the activation page.");
        }
        if (!ctx.Request.HasFormContentType || ctx.Request.ContentLength is not (>= 0 and <= MaxForm))
        {
            await PageAsync(ctx, 400, "<p>Use the link's form.</p>").ConfigureAwait(false);
            return (false, "Activation refused: not a short form.");
        }
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted).ConfigureAwait(false);
        var posted = form["token"].ToString();
        var now = time.GetUtcNow();
        var email = await state.Datastore.ChangeAccountsAsync<string>(accounts => accounts.Activate(posted, now), ctx.RequestAborted).ConfigureAwait(false);
        if (email is null)
        {
            await PageAsync(ctx, 400, "<p>This link is not valid (any more): it was used, it expired, or its account changed. An unrestricted administrator setting the account's password sends a new one.</p>").ConfigureAwait(false);
            return (false, "Activation refused: unknown or expired token.");
        }
        await PageAsync(ctx, 200, $"<p>The account {WebUtility.HtmlEncode(email)} is active: it can log in now.</p>").ConfigureAwait(false);
        return (true, $"Activated admin {email}.");
    }

    private static async Task PageAsync(HttpContext ctx, int status, string body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-store";
        ctx.Response.Headers["Referrer-Policy"] = "no-referrer";
        ctx.Response.Headers.ContentSecurityPolicy = "default-src 'none'; form-action 'self'";
        var html = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>sztpd account activation</title></head><body>{body}</body></html>";
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await ctx.Response.WriteAsync(html, Encoding.UTF8, ctx.RequestAborted).ConfigureAwait(false);
        }
    }
}
