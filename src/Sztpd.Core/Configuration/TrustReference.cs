namespace Sztpd.Core.Configuration;

/// <summary>A <c>local-truststore-reference</c>: a certificate bag, or one certificate of it.</summary>
public sealed record TrustReference(string? Bag, string? Certificate);
