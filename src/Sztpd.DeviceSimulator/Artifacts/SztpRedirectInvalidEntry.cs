namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>One bootstrap-server-list entry a client ignores: its text (non-ASCII octets shown as U+FFFD) and why.</summary>
public sealed record SztpRedirectInvalidEntry(string Uri, string Reason);
