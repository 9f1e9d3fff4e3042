namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>One bootstrap-server-list entry a client ignores: its text (read as UTF-8, octets that are not UTF-8 shown as U+FFFD) and why.</summary>
public sealed record SztpRedirectInvalidEntry(string Uri, string Reason);
