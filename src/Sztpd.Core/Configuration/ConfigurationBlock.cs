namespace Sztpd.Core.Configuration;

/// <summary>A <c>configuration</c> entry: how the device applies it (<c>merge</c>, <c>replace</c>) and the configuration (base64).</summary>
public sealed record ConfigurationBlock(string Name, string? Handling, string? Config);
