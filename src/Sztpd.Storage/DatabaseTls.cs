namespace Sztpd.Storage;

/// <summary>
/// TLS to the database server (the <c>--cacert</c>, <c>--cert</c> and <c>--key</c> options): the server certificate
/// is verified against only the CA certificates in <paramref name="CaCertFile"/> (PEM, one or more), including the
/// host name, and a plaintext connection is never used. <paramref name="CertFile"/> and <paramref name="KeyFile"/>
/// (PEM, given together) authenticate sztpd to the server with a client certificate.
/// </summary>
public sealed record DatabaseTls(string CaCertFile, string? CertFile, string? KeyFile)
{
    /// <summary>Throws <see cref="ArgumentException"/> with one sentence for the operator when the options are unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(CaCertFile))
        {
            throw new ArgumentException("The --cacert option must name a PEM file of CA certificates to use TLS.");
        }

        if ((CertFile is null) != (KeyFile is null))
        {
            throw new ArgumentException("The --cert and --key options must be given together.");
        }

        RequireFile(CaCertFile, "CA certificate file (--cacert)");
        if (CertFile is not null && KeyFile is not null)
        {
            RequireFile(CertFile, "client certificate file (--cert)");
            RequireFile(KeyFile, "client key file (--key)");
        }
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"The {what} '{path}' does not exist.");
        }
    }
}
