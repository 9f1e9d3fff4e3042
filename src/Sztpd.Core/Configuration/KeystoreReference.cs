namespace Sztpd.Core.Configuration;

/// <summary>A certificate of an asymmetric key of the keystore (<c>asymmetric-key</c> and <c>certificate</c> leafrefs).</summary>
public sealed record KeystoreReference(string Key, string Certificate);
