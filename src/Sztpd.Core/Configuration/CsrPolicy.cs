namespace Sztpd.Core.Configuration;

/// <summary><c>sztpd-ext:csr</c>: the CA that issues, whether the CSR must be for the IDevID key, and the validity of what is issued.</summary>
public sealed record CsrPolicy(KeystoreReference CertificateAuthority, bool IdevidKeyOnly, int ValidityDays);
