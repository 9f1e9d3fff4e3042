namespace Sztpd.Core.Configuration;

/// <summary>A <c>bootstrap-server</c> a redirect points to: address, port (443 when absent) and its trust anchor (base64 CMS).</summary>
public sealed record BootstrapServer(string Name, string Address, int? Port, string? TrustAnchor);
