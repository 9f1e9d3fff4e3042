using System.Net.Sockets;
using System.Text.Json.Nodes;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Sztpd.Core.Configuration;

namespace Sztpd.Server.Outbound;

/// <summary>
/// Sends the outbox's e-mails (<see cref="Core.Outbound.EmailMessage"/>) through <c>preferences/sztpd-ext:email</c> with
/// MailKit: STARTTLS, implicit TLS or none; the server's certificate checked against a truststore bag or the system's
/// roots; authenticated with the password of SZTPD_SMTP_PASSWORD_FILE. One connection per message, within
/// <see cref="Timeout"/> on sztpd's clock.
/// </summary>
internal sealed class Mailer(string? password, TimeProvider time)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Sends <paramref name="message"/>; null when the server accepted it, else why not.</summary>
    public async Task<string?> SendAsync(EmailSettings email, Truststore truststore, JsonObject message, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        using var client = new SmtpClient();
        var trusted = email.ServerCaBag is { } bag ? truststore.Bag(bag) : null;
        client.ServerCertificateValidationCallback = (_, certificate, chain, errors) => ServerCertificate.Trusted(trusted, pinned: false, certificate, chain, errors);
        try
        {
            var mime = Mime(email, message);
            var security = email.Security switch { "tls" => SecureSocketOptions.SslOnConnect, "none" => SecureSocketOptions.None, _ => SecureSocketOptions.StartTls };
            await client.ConnectAsync(email.ServerAddress, email.ServerPort, security, linked.Token).ConfigureAwait(false);
            if (email.Username is { } user)
            {
                await client.AuthenticateAsync(user, password ?? "", linked.Token).ConfigureAwait(false);
            }
            await client.SendAsync(mime, linked.Token).ConfigureAwait(false);
            await client.DisconnectAsync(true, linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return $"the SMTP server {email.ServerAddress}:{email.ServerPort} did not finish within {Timeout.TotalSeconds:0} s.";
        }
        catch (Exception e) when (e is CommandException or ProtocolException or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException or SslHandshakeException or IOException or SocketException or ParseException)
        {
            return $"the SMTP server {email.ServerAddress}:{email.ServerPort}: {e.Message}";
        }
    }

    private static MimeMessage Mime(EmailSettings email, JsonObject message)
    {
        var mime = new MimeMessage { Subject = (string?)message["subject"] ?? "", Body = new TextPart("plain") { Text = (string?)message["text"] ?? "" } };
        mime.From.Add(MailboxAddress.Parse(email.From));
        foreach (var to in (message["to"] as JsonArray ?? []).Select(a => (string)a!))
        {
            mime.To.Add(MailboxAddress.Parse(to));
        }
        return mime;
    }
}
