namespace Sztpd.Core.Configuration;

/// <summary>A <c>boot-image</c>: what the device runs and where it gets it, with the hashes it checks.</summary>
public sealed record BootImage(string Name, string? OsName, string? OsVersion, IReadOnlyList<string>? DownloadUris, IReadOnlyList<ImageVerification>? ImageVerification);
