namespace Sztpd.Core.Configuration;

/// <summary><c>preferences/sztpd-ext:email</c>: the SMTP server, how it is reached, the sender, and who gets notifications.</summary>
public sealed record EmailSettings
{
    public required string ServerAddress { get; init; }

    /// <summary><c>starttls</c>, <c>tls</c> or <c>none</c>.</summary>
    public string Security { get; init; } = "starttls";

    /// <summary>The configured port, else the usual one for <see cref="Security"/>.</summary>
    public required int ServerPort { get; init; }

    /// <summary>The truststore bag the server's certificate must chain to; null: the system's roots.</summary>
    public string? ServerCaBag { get; init; }

    public string? Username { get; init; }

    public required string From { get; init; }

    public IReadOnlyList<string> Notify { get; init; } = [];
}
