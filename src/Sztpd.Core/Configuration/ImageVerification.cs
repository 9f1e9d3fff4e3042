namespace Sztpd.Core.Configuration;

/// <summary>An <c>image-verification</c> entry: the hash algorithm (identity) and the value (colon-separated hex).</summary>
public sealed record ImageVerification(string HashAlgorithm, string HashValue);
