namespace Sztpd.Core.Configuration;

/// <summary>
/// <c>sztpd-ext:csr</c>: the CA that issues, whether the CSR must be for the IDevID key, the validity of what is
/// issued, and how many unexpired certificates a device may hold.
/// </summary>
public sealed record CsrPolicy(KeystoreReference CertificateAuthority, bool IdevidKeyOnly, int ValidityDays, int MaxCertificates = 16);
