namespace Sztpd.Testing.Pki;

/// <summary>The key types a <see cref="TestPki"/> generates.</summary>
public enum TestKeyAlgorithm
{
    /// <summary>ECDSA on NIST P-256 (the opi default).</summary>
    EcP256,

    /// <summary>RSA with a 2048-bit modulus.</summary>
    Rsa2048,

    /// <summary>ECDSA on NIST P-384.</summary>
    EcP384,
}
