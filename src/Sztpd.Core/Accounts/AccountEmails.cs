using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;

namespace Sztpd.Core.Accounts;

/// <summary>The e-mails sent to an admin account itself, in the outbox's e-mail shape (<see cref="Outbound.EmailMessage"/>).</summary>
public static class AccountEmails
{
    /// <summary>The activation e-mail of a new account, with its link.</summary>
    public static JsonObject Activation(AdminAccount admin, string link, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(admin);
        return Mail(admin.EmailAddress, "sztpd: activate your administrator account",
            $"An sztpd administrator account (access \"{admin.Access}\") was created for {admin.EmailAddress}.\n"
            + $"It can log in once activated: open this link before {Datastore.RunningDatastore.Timestamp(expires)}:\n\n{link}\n\n"
            + "If you did not expect this account, ignore this message: the account stays inactive.\n");
    }

    /// <summary>The warning that the account's password expires (or expired) and what the account can then do.</summary>
    public static JsonObject PasswordNotice(string email, DateTimeOffset expires, bool expired) =>
        Mail(email, expired ? "sztpd: your administrator password expired" : "sztpd: your administrator password expires soon",
            (expired
                ? $"The sztpd password of {email} expired at {Datastore.RunningDatastore.Timestamp(expires)}: the account is deactivated"
                : $"The sztpd password of {email} expires at {Datastore.RunningDatastore.Timestamp(expires)}; then the account is deactivated")
            + " and may do nothing but set a new password (PUT or PATCH of its admin-account's \"password\").\n");

    private static JsonObject Mail(string to, string subject, string text) =>
        new() { ["to"] = new JsonArray(to), ["subject"] = subject, ["text"] = text };
}
