using System.Security.Cryptography;

namespace Sztpd.Testing.Pki;

/// <summary>Extended key usage OIDs used by test certificates.</summary>
public static class TestOids
{
    public static Oid ServerAuth => new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    public static Oid ClientAuth => new("1.3.6.1.5.5.7.3.2", "Client Authentication");
}
