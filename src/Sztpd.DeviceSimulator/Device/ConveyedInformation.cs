namespace Sztpd.DeviceSimulator.Device;

/// <summary>Decoded conveyed information (RFC 8572 §2.1, §2.2): redirect information or onboarding information.</summary>
internal abstract record ConveyedInformation;

/// <summary>Redirect information: bootstrap servers to try in order.</summary>
internal sealed record RedirectInformation(IReadOnlyList<BootstrapServerEntry> BootstrapServers) : ConveyedInformation;

/// <summary>One bootstrap server of redirect information; <paramref name="TrustAnchor"/> is a CMS certs-only bag.</summary>
internal sealed record BootstrapServerEntry(string Address, int Port, byte[]? TrustAnchor)
{
    /// <summary>The server's HTTPS URI (IPv6 literals in brackets).</summary>
    public Uri Uri => new($"https://{(Address.Contains(':', StringComparison.Ordinal) ? $"[{Address}]" : Address)}:{Port}");
}

/// <summary>Onboarding information, processed in the order of RFC 8572 §5.6.</summary>
internal sealed record OnboardingInformation(
    BootImage? BootImage,
    string? ConfigurationHandling,
    byte[]? PreConfigurationScript,
    byte[]? Configuration,
    byte[]? PostConfigurationScript) : ConveyedInformation;

/// <summary>The boot image the device must run: its name and version, where to get it, its hashes.</summary>
internal sealed record BootImage(string? OsName, string? OsVersion, IReadOnlyList<string> DownloadUris, IReadOnlyList<ImageVerification> Verifications);

/// <summary>One <c>image-verification</c> entry: the hash algorithm's identity (without module) and the hash.</summary>
internal sealed record ImageVerification(string HashAlgorithm, byte[] HashValue);
